using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;
using static Jitsi.Net.XmppComponent.Tests.Extensions.SampleElements;

namespace Jitsi.Net.XmppComponent.Tests.Extensions.Jingle;

/// <summary>PROTOCOL.md §2.2 (source sample) and §2.5: source-add with XEP-0339 sources, source-remove with JSON.</summary>
public sealed class SourceSignallingTests
{
    [Fact]
    public void ParsesSourceAdd()
    {
        var jingle = new JingleElement(ProtocolSample.Load("source-add-xml").Element(JingleElement.ElementName)!);
        Assert.True(jingle.TryValidate(out var reason), reason);
        Assert.Equal(JingleAction.SourceAdd, jingle.Action);
        var content = Assert.Single(jingle.Contents);
        Assert.Equal(("video", null, null), (content.Name, content.Creator, content.Senders));
        var description = content.Description!;
        Assert.Equal(2, description.SourceCount);
        var first = description.Sources.First();
        Assert.Equal((3251871624u, "abcd1234-v0", "desktop", "abcd1234", "3f0e-stream 3f0e-track"),
            (first.Ssrc!.Value, first.Name, first.VideoType, first.Owner, first.Msid));
        var group = Assert.Single(description.SourceGroups);
        Assert.Equal(SourceGroupElement.FlowId, group.Semantics);
        Assert.True(group.TryGetSsrcs(out var ssrcs, out reason), reason);
        Assert.Equal([3251871624u, 1180016730u], ssrcs);

        Assert.True(jingle.TryGetSources(null, 100, out var sources, out reason), reason);
        var source = Assert.Single(sources.Sources);
        Assert.Equal(new SourceDescription("abcd1234", MediaType.Video, "abcd1234-v0", [3251871624, 1180016730],
            [new SsrcGroup("FID", [3251871624, 1180016730])], "3f0e-stream 3f0e-track", "desktop"), source);
    }

    [Fact]
    public void BuildsSourceAdd()
    {
        var description = new RtpDescriptionElement("video").Add(
            new SourceElement(3251871624, "abcd1234-v0", "desktop").AddOwner("abcd1234").AddParameter("msid", "3f0e-stream 3f0e-track"),
            new SourceElement(1180016730, "abcd1234-v0", "desktop").AddOwner("abcd1234").AddParameter("msid", "3f0e-stream 3f0e-track"),
            new SourceGroupElement("FID", [3251871624, 1180016730]));
        var jingle = new JingleElement(JingleAction.SourceAdd, "7e1vj9mbn2q1").Add(new ContentElement("video", null, null).Add(description));
        ProtocolSample.AssertSameXml(ProtocolSample.Load("source-add-xml"), Iq(IqType.Set, FocusOccupant, Alice, "sa1", jingle));
    }

    [Fact]
    public void OwnerGivenAsOccupantJidReadsAsItsResource()
    {
        var source = new SourceElement(XElement.Parse(
            "<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='5'><ssrc-info xmlns='http://jitsi.org/jitmeet' owner='room@conference.example.com/abcd1234'/></source>"));
        Assert.Equal("abcd1234", source.Owner);
    }

    [Fact]
    public void ParsesAndBuildsSourceRemove()
    {
        var sample = ProtocolSample.Load("source-remove-json");
        var jingle = new JingleElement(sample.Element(JingleElement.ElementName)!);
        Assert.Equal(JingleAction.SourceRemove, jingle.Action);
        Assert.Empty(jingle.Contents);
        Assert.True(jingle.TryGetSources(null, 100, out var sources, out var reason), reason);
        Assert.Equal(["bb0c9e21"], sources.Owners);
        Assert.Equal([3251871624u, 1180016730u, 4017u], sources.Sources.SelectMany(s => s.Ssrcs));

        var expected = JsonSourcesTests.ExpectedSources();
        Assert.True(EndpointSourceSet.TryCreate(expected["bb0c9e21"], out var built, out reason), reason);
        Assert.True(built.SetEquals(expected.Where(owner => owner != "jvb")));
        var rebuilt = new JingleElement(JingleAction.SourceRemove, "7e1vj9mbn2q1").Add(new JsonMessageElement(built));
        ProtocolSample.AssertSameXml(sample, Iq(IqType.Set, FocusOccupant, Alice, "sr1", rebuilt));
    }
}
