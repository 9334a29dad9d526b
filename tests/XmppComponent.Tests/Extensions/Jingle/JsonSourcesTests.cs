using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.XmppComponent.Tests.Extensions.Jingle;

/// <summary>The compact JSON sources of PROTOCOL.md §2.2: the sample's text, round trips, agreement with the XML form.</summary>
public sealed class JsonSourcesTests
{
    private const string SampleJson =
        """{"sources":{"jvb":[[{"s":2110911,"n":"jvb-v0","m":"mixedmslabel mixedlabelvideo0"}],[],[{"s":998877,"n":"jvb-a0","m":"mixedmslabel mixedlabelaudio0"}]],"bb0c9e21":[[{"s":3251871624,"n":"bb0c9e21-v0","m":"x y"},{"s":1180016730,"n":"bb0c9e21-v0","m":"x y"}],[["f",3251871624,1180016730]],[{"s":4017,"n":"bb0c9e21-a0","m":"x z"}]]}}""";

    /// <summary>The sources of the session-initiate sample, built by hand.</summary>
    internal static EndpointSourceSet ExpectedSources()
    {
        var builder = new EndpointSourceSet.Builder();
        Assert.True(builder.TryAddSource("jvb", MediaType.Video, 2110911, "jvb-v0", "mixedmslabel mixedlabelvideo0", null, out _));
        Assert.True(builder.TryAddSource("jvb", MediaType.Audio, 998877, "jvb-a0", "mixedmslabel mixedlabelaudio0", null, out _));
        Assert.True(builder.TryAddSource("bb0c9e21", MediaType.Video, 3251871624, "bb0c9e21-v0", "x y", null, out _));
        Assert.True(builder.TryAddSource("bb0c9e21", MediaType.Video, 1180016730, "bb0c9e21-v0", "x y", null, out _));
        Assert.True(builder.TryAddGroup(MediaType.Video, "FID", [3251871624, 1180016730], out _));
        Assert.True(builder.TryAddSource("bb0c9e21", MediaType.Audio, 4017, "bb0c9e21-a0", "x z", null, out _));
        Assert.True(builder.TryBuild(out var sources, out var reason), reason);
        return sources;
    }

    [Fact]
    public void ParsesEveryField()
    {
        Assert.True(JsonSources.TryParse(SampleJson, 100, out var sources, out var reason), reason);
        Assert.Equal(4, sources.Count);
        var video = sources["bb0c9e21"].Single(s => s.Media == MediaType.Video);
        Assert.Equal(("bb0c9e21", "bb0c9e21-v0", "x y"), (video.Owner, video.Name, video.Msid));
        Assert.Equal([3251871624u, 1180016730u], video.Ssrcs);
        Assert.Equal(new SsrcGroup("FID", [3251871624, 1180016730]), Assert.Single(video.Groups));
        Assert.Null(video.VideoType);
        Assert.Equal(3251871624u, video.PrimarySsrc);
        var audio = sources["jvb"].Single(s => s.Media == MediaType.Audio);
        Assert.Equal(("jvb-a0", 998877u, "mixedmslabel mixedlabelaudio0"), (audio.Name, audio.Ssrcs[0], audio.Msid));
        Assert.Empty(sources["nobody"]);
    }

    [Fact]
    public void WritesTheSampleTextExactly() => Assert.Equal(SampleJson, ExpectedSources().ToJson());

    [Theory]
    [InlineData(SampleJson)]
    [InlineData("""{"sources":{"e1":[[{"s":1,"n":"e1-v0","m":"a b"},{"s":2,"n":"e1-v0","m":"a b"},{"s":3,"n":"e1-v0","m":"a b"},{"s":4,"n":"e1-v0","m":"a b"}],[["s",1,2],["f",1,3],["f",2,4]],[{"s":5,"n":"e1-a0"}],[["FEC-FR",5]]],"e2":[[{"s":9,"n":"e2-v1","v":"d"}],[]]}}""")]
    public void ParseWriteParseIsStable(string json)
    {
        Assert.True(EndpointSourceSet.TryParseJson(json, 100, out var first, out var reason), reason);
        var written = first.ToJson();
        Assert.True(EndpointSourceSet.TryParseJson(written, 100, out var second, out reason), reason);
        Assert.True(first.SetEquals(second));
        Assert.Equal(written, second.ToJson());
    }

    [Fact]
    public void DesktopSurvivesJson()
    {
        Assert.True(EndpointSourceSet.TryParseJson("""{"sources":{"e2":[[{"s":9,"n":"e2-v1","v":"d"}]]}}""", 10, out var sources, out var reason), reason);
        Assert.Equal(SourceDescription.Desktop, Assert.Single(sources.Sources).VideoType);
        Assert.Equal("""{"sources":{"e2":[[{"s":9,"n":"e2-v1","v":"d"}],[],[]]}}""", sources.ToJson());
    }

    [Fact]
    public void XmlAndJsonFormsAgree()
    {
        var sample = ProtocolSample.Load("source-add-xml");
        var jingle = new JingleElement(sample.Element(JingleElement.ElementName)!);
        Assert.True(jingle.TryGetSources(null, 100, out var fromXml, out var reason), reason);
        Assert.True(EndpointSourceSet.TryParseJson(fromXml.ToJson(), 100, out var fromJson, out reason), reason);
        Assert.True(fromXml.SetEquals(fromJson));

        var description = new RtpDescriptionElement("video");
        fromJson.AddTo(description, MediaType.Video);
        ProtocolSample.AssertSameXml(jingle.Content("video")!.Description!.Element, description.Element);
    }

    [Theory]
    [InlineData("not json", "malformed JSON")]
    [InlineData("[]", "no \"sources\" object")]
    [InlineData("""{"sources":{"e1":{}}}""", "not an array")]
    [InlineData("""{"sources":{"e1":[[{"n":"e1-v0"}]]}}""", "has no \"s\"")]
    [InlineData("""{"sources":{"e1":[[{"s":"12","n":"e1-v0"}]]}}""", "not a number")]
    [InlineData("""{"sources":{"e1":[[{"s":4294967296,"n":"e1-v0"}]]}}""", "out of the 32-bit range")]
    [InlineData("""{"sources":{"e1":[[{"s":-1,"n":"e1-v0"}]]}}""", "not a number")]
    [InlineData("""{"sources":{"e1":[[{"s":1.5,"n":"e1-v0"}]]}}""", "not a number")]
    [InlineData("""{"sources":{"e1":[[{"s":0,"n":"e1-v0"}]]}}""", "ssrc 0")]
    [InlineData("""{"sources":{"e1":[[{"s":7}]]}}""", "without name")]
    [InlineData("""{"sources":{"e1":[[{"s":7,"n":"e1-v0"}],[["f",7]]]}}""", "FID group with 1 ssrcs")]
    [InlineData("""{"sources":{"e1":[[{"s":7,"n":"e1-v0"}],[["s",7,8]]]}}""", "not signalled")]
    [InlineData("""{"sources":{"e1":[[{"s":7,"n":"e1-v0"}]],"e2":[[{"s":7,"n":"e2-v0"}]]}}""", "signalled by two sources")]
    [InlineData("""{"sources":{"e1":[[],[],[],[],[]]}}""", "at most 4")]
    [InlineData("""{"sources":{"e1":[[],[[]]]}}""", "is not [\"semantics\"")]
    public void MalformedJsonFailsWithAReason(string json, string expected)
    {
        Assert.False(EndpointSourceSet.TryParseJson(json, 100, out var sources, out var reason));
        Assert.Null(sources);
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }
}
