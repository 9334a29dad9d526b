using System.Text;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Tests.Extensions.Colibri2;

/// <summary>Bad colibri2 from the network gives false and a reason, never an exception.</summary>
public sealed class MalformedColibri2Tests
{
    private static ConferenceModifyElement Modify(string attributes, string children = "") =>
        new(XElement.Parse($"<conference-modify xmlns='jitsi:colibri2' {attributes}>{children}</conference-modify>"));

    [Theory]
    [InlineData("", "", "missing meeting-id")]
    [InlineData("meeting-id='m'", "<endpoint/>", "endpoint without id")]
    [InlineData("meeting-id='m'", "<relay/>", "relay without id")]
    [InlineData("meeting-id='m'", "<endpoint id='a'/><relay id='r'/>", "endpoints and relays in one request")]
    [InlineData("meeting-id='m'", "<relay id='r'/><relay id='s'/>", "more than one relay")]
    public void InvalidRequestsFailValidation(string attributes, string children, string expected)
    {
        Assert.False(Modify(attributes, children).TryValidate(out var reason));
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void MalformedFlagsReadAsFalseOrNull()
    {
        var modify = Modify("meeting-id='m' create='yes' expire='TRUE' rtcstats-enabled='0'",
            "<endpoint id='a' create='1'><force-mute audio='maybe'/><initial-last-n value='-1'/><transport ice-controlling='x'/></endpoint>");
        Assert.Equal((false, true, false), (modify.Create, modify.Expire, modify.RtcStatsEnabled!.Value));
        var endpoint = modify.Endpoints.Single();
        Assert.True(endpoint.Create);
        Assert.Null(endpoint.ForceMute!.Audio);
        Assert.Null(endpoint.ForceMute.Video);
        Assert.Null(endpoint.InitialLastN);
        Assert.Null(endpoint.Transport!.IceControlling);
        Assert.Null(endpoint.Transport.IceUdp);
    }

    [Theory]
    [InlineData("<media-source id='a-v0'><source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='1'/></media-source>", "without a valid type")]
    [InlineData("<media-source type='data' id='a-d0'/>", "without a valid type")]
    [InlineData("<media-source type='video' id='a-v0'><source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='x'/></media-source>", "not a number")]
    [InlineData("<media-source type='video'><source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='1'/></media-source>", "without name")]
    [InlineData("<media-source type='video' id='a-v0'><source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='1'/>" +
        "<ssrc-group xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' semantics='FID'><source ssrc='1'/></ssrc-group></media-source>", "FID group with 1 ssrcs")]
    public void BadSourcesFailWithAReason(string mediaSources, string expected)
    {
        var sources = new SourcesElement(XElement.Parse($"<sources xmlns='jitsi:colibri2'>{mediaSources}</sources>"));
        Assert.False(sources.TryGetSources("a", 20, out var set, out var reason));
        Assert.Null(set);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TenThousandSourcesAreCountedAndRefused()
    {
        var xml = new StringBuilder("<sources xmlns='jitsi:colibri2'><media-source type='video' id='a-v0'>");
        for (var i = 1; i <= 10_000; i++)
        {
            xml.Append(System.Globalization.CultureInfo.InvariantCulture, $"<source xmlns='urn:xmpp:jingle:apps:rtp:ssma:0' ssrc='{i}'/>");
        }
        var sources = new SourcesElement(XElement.Parse(xml.Append("</media-source></sources>").ToString()));
        Assert.Equal(10_000, sources.SourceCount);
        Assert.False(sources.TryGetSources("a", 20, out _, out var reason));
        Assert.Equal("10000 sources exceed the limit of 20", reason);
        Assert.True(sources.TryGetSources("a", 10_000, out var set, out reason), reason);
        Assert.Equal(10_000, set.Sources.Single().Ssrcs.Count);
    }

    [Fact]
    public void AnIqWithoutConferenceModifyIsRefused()
    {
        var iq = new Iq(IqType.Get, payload: new XElement(Namespaces.Colibri2 + "conference-modified"), id: "x");
        Assert.False(ConferenceModifyElement.TryParse(iq, out _, out var reason));
        Assert.Equal("no conference-modify element", reason);
        iq = new Iq(IqType.Get, payload: new XElement(ConferenceModifyElement.ElementName), id: "y");
        Assert.False(ConferenceModifyElement.TryParse(iq, out _, out reason));
        Assert.Equal("missing meeting-id", reason);
    }

    [Fact]
    public void AColibriErrorWithoutReasonReadsAsNull()
    {
        var error = new Colibri2Error(XElement.Parse("<error xmlns='jitsi:colibri2'/>"));
        Assert.Null(error.Reason);
        Assert.Null(error.EndpointId);
    }
}
