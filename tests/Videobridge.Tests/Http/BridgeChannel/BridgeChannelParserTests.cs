using System.Text;
using System.Text.Json;
using Jitsi.Net.Videobridge.Http.BridgeChannel;

namespace Jitsi.Net.Videobridge.Tests.Http.BridgeChannel;

public sealed class BridgeChannelParserTests
{
    private static BridgeChannelMessage Parse(string json)
    {
        Assert.True(BridgeChannelParser.TryParse(Encoding.UTF8.GetBytes(json), out var message, out var error), error);
        return message!;
    }

    [Fact]
    public void ReceiverVideoConstraintsAsLibJitsiMeetSendsThem()
    {
        var m = (ReceiverVideoConstraints)Parse("""
            {"colibriClass":"ReceiverVideoConstraints","lastN":3,"selectedSources":["abcd1234-v0"],"onStageSources":["abcd1234-v0"],
             "defaultConstraints":{"maxHeight":180},"constraints":{"abcd1234-v0":{"maxHeight":720,"maxFrameRate":30},"ef012345-v0":{"maxHeight":0}}}
            """);
        Assert.Equal(3, m.LastN);
        Assert.Equal(["abcd1234-v0"], m.SelectedSources!);
        Assert.Equal(["abcd1234-v0"], m.OnStageSources!);
        Assert.Equal(new VideoConstraints(180, -1), m.DefaultConstraints);
        Assert.Equal(new VideoConstraints(720, 30), m.Constraints!["abcd1234-v0"]);
        Assert.Equal(new VideoConstraints(0, -1), m.Constraints!["ef012345-v0"]);
        Assert.Null(m.AssumedBandwidthBps);
    }

    [Fact]
    public void PartialUpdateLeavesAbsentFieldsNull()
    {
        var m = (ReceiverVideoConstraints)Parse("""{"colibriClass":"ReceiverVideoConstraints","lastN":-1}""");
        Assert.Equal(-1, m.LastN);
        Assert.Null(m.SelectedSources);
        Assert.Null(m.Constraints);
        Assert.Null(m.DefaultConstraints);
    }

    [Fact]
    public void EndpointMessageKeepsTheWholeObjectForRelayAndTheBridgeSetsFrom()
    {
        var m = (EndpointMessage)Parse("""{"colibriClass":"EndpointMessage","to":"","msgPayload":{"type":"e2e-ping","id":7},"from":"spoofed"}""");
        Assert.Equal("", m.To);
        var relayed = JsonDocument.Parse(BridgeChannelWriter.Relay(m.Message, "abcd1234")).RootElement;
        Assert.Equal("abcd1234", relayed.GetProperty("from").GetString());
        Assert.Equal(7, relayed.GetProperty("msgPayload").GetProperty("id").GetInt32());
        Assert.Equal("EndpointMessage", relayed.GetProperty("colibriClass").GetString());
    }

    [Theory]
    [InlineData("""{"colibriClass":"SourceVideoTypeMessage","sourceName":"a-v1","videoType":"desktop"}""", "a-v1", VideoType.Desktop)]
    [InlineData("""{"colibriClass":"SourceVideoTypeMessage","sourceName":"a-v0","videoType":"CAMERA"}""", "a-v0", VideoType.Camera)]
    [InlineData("""{"colibriClass":"VideoTypeMessage","videoType":"none"}""", null, VideoType.Disabled)]
    internal void VideoTypeMessages(string json, string? source, VideoType type)
    {
        var m = (SourceVideoTypeMessage)Parse(json);
        Assert.Equal(source, m.SourceName);
        Assert.Equal(type, m.VideoType);
    }

    [Fact]
    public void AudioSubscriptionInBothForms()
    {
        var current = (ReceiverAudioSubscription)Parse("""{"colibriClass":"ReceiverAudioSubscription","all":false,"include":["a-a0"]}""");
        Assert.False(current.All);
        Assert.Equal(["a-a0"], current.Include);
        var legacy = (ReceiverAudioSubscription)Parse("""{"colibriClass":"ReceiverAudioSubscription","mode":"Exclude","list":["b-a0"]}""");
        Assert.True(legacy.All);
        Assert.Equal(["b-a0"], legacy.Exclude);
    }

    [Fact]
    public void UnknownClassIsReportedAsUnknown()
    {
        Assert.Equal("SomethingNew", ((UnknownMessage)Parse("""{"colibriClass":"SomethingNew","x":1}""")).Class);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"colibriClass":"ReceiverVideoConstraints","lastN":1,"lastN":2}""")]
    [InlineData("""{"x":1}""")]
    [InlineData("""{"colibriClass":5}""")]
    [InlineData("""{"colibriClass":"ReceiverVideoConstraints","lastN":"three"}""")]
    [InlineData("""{"colibriClass":"ReceiverVideoConstraints","selectedSources":"a"}""")]
    [InlineData("""{"colibriClass":"ReceiverVideoConstraints","constraints":{"a":5}}""")]
    [InlineData("""{"colibriClass":"LastNChangedEvent"}""")]
    [InlineData("""{"colibriClass":"SourceVideoTypeMessage","sourceName":"a","videoType":"hologram"}""")]
    [InlineData("""{"colibriClass":"ReceiverVideoConstraints","lastN":99999999999}""")]
    [InlineData("""{"a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":{"j":{"k":{"l":{"m":{"n":{"o":{"p":{"q":1}}}}}}}}}}}}}}}}}""")]
    public void MalformedMessagesAreRefusedWithAReasonAndNeverThrow(string json)
    {
        Assert.False(BridgeChannelParser.TryParse(Encoding.UTF8.GetBytes(json), out var message, out var error));
        Assert.Null(message);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void OversizedMessageIsRefused()
    {
        var json = "{\"colibriClass\":\"EndpointMessage\",\"to\":\"\",\"msgPayload\":\"" + new string('x', BridgeChannelParser.MaxMessageBytes) + "\"}";
        Assert.False(BridgeChannelParser.TryParse(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Contains("larger", error, StringComparison.Ordinal);
    }

    [Fact]
    public void WriterShapes()
    {
        var hello = JsonDocument.Parse(BridgeChannelWriter.ServerHello()).RootElement;
        Assert.Equal("ServerHello", hello.GetProperty("colibriClass").GetString());
        var status = JsonDocument.Parse(BridgeChannelWriter.ConnectivityStatus("abcd1234", active: false)).RootElement;
        Assert.Equal("false", status.GetProperty("active").GetString());
        var speaker = JsonDocument.Parse(BridgeChannelWriter.DominantSpeaker("a", ["b", "c"], silence: false)).RootElement;
        Assert.Equal(["b", "c"], speaker.GetProperty("previousSpeakers").EnumerateArray().Select(e => e.GetString()));
        var forwarded = JsonDocument.Parse(BridgeChannelWriter.ForwardedSources(["a-v0"])).RootElement;
        Assert.Equal("a-v0", forwarded.GetProperty("forwardedSources")[0].GetString());
        var constraints = JsonDocument.Parse(BridgeChannelWriter.SenderSourceConstraints("a-v0", 360)).RootElement;
        Assert.Equal(360, constraints.GetProperty("maxHeight").GetInt32());
    }
}
