using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary>Bridge-channel events computed on the Worker (PROTOCOL.md §4.3) on a fake clock: ForwardedSources with
/// last-N and audio subscriptions, the dominant speaker, connectivity, SenderSourceConstraints.</summary>
public sealed class ConferenceEventsTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ConferenceRouter _router;
    private readonly EndpointMedia _a;
    private readonly EndpointMedia _b;
    private readonly EndpointMedia _c;

    public ConferenceEventsTests()
    {
        var conference = new Conference("meeting", null, _time);
        _router = new ConferenceRouter(1, new ForwardingCounters(), _time);
        (_a, _b, _c) = (Add(conference, "a", 1), Add(conference, "b", 10), Add(conference, "c", 20));
    }

    [Fact]
    public void ForwardedSources_FollowConstraintsLastNAndAudioSubscription()
    {
        Evaluate();
        Assert.Equal(["b-a0", "c-a0"], Last(_a, "ForwardedSources")!["forwardedSources"]!.AsArray().Select(n => (string)n!).Order());

        _a.Endpoint.ApplyConstraints(new(1, null, null, null, null, null));
        Speak(_c, 90);
        Evaluate();
        Assert.Equal("c", (string?)Last(_a, "DominantSpeakerEndpointChangeEvent")!["dominantSpeakerEndpoint"]);
        Assert.Equal(["b-a0", "c-a0", "c-v0"], Sources(_a));

        _a.Endpoint.AudioSubscription = new(All: true, Include: [], Exclude: ["b-a0"]);
        Evaluate();
        Assert.Equal(["c-a0", "c-v0"], Sources(_a));

        _a.Endpoint.ApplyConstraints(new(-1, null, null, null, null, null));
        Evaluate();
        Assert.Equal(["b-v0", "c-a0", "c-v0"], Sources(_a));

        _a.Endpoint.ApplyConstraints(new(null, null, null, null, new Dictionary<string, VideoConstraints> { ["b-v0"] = new(0, -1) }, null));
        Evaluate();
        Assert.Equal(["c-a0", "c-v0"], Sources(_a));
    }

    [Fact]
    public void DominantSpeaker_SwitchesWithHysteresis_AndKeepsThePreviousSpeakers()
    {
        Speak(_b, 60);
        Evaluate();
        Assert.Equal(_b, _router.Events.Speaker.Current);

        // A little louder is not enough to take over.
        Speak(_b, 60);
        Speak(_c, 65);
        Evaluate();
        Assert.Equal(_b, _router.Events.Speaker.Current);

        for (var i = 0; i < 4; i++)
        {
            Speak(_b, 10);
            Speak(_c, 90);
            Evaluate();
        }
        Assert.Equal(_c, _router.Events.Speaker.Current);
        var message = Last(_a, "DominantSpeakerEndpointChangeEvent")!;
        Assert.Equal("c", (string?)message["dominantSpeakerEndpoint"]);
        Assert.Equal(["b"], message["previousSpeakers"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public void Connectivity_InactiveWithoutMedia_ActiveWhenItArrives()
    {
        _b.LastPacketTimestamp = _time.GetTimestamp();
        _time.Advance(TimeSpan.FromSeconds(7));
        Evaluate();
        Assert.Null(Last(_c, "EndpointConnectivityStatusChangeEvent"));

        _time.Advance(TimeSpan.FromSeconds(2));
        Evaluate();
        var inactive = All(_c, "EndpointConnectivityStatusChangeEvent").Single();
        Assert.Equal("b", (string?)inactive["endpoint"]);
        Assert.Equal("false", (string?)inactive["active"]);
        Assert.Empty(All(_b, "EndpointConnectivityStatusChangeEvent"));

        // 15 s after being added without a packet, a and c are inactive too; b's media brings it back.
        _time.Advance(TimeSpan.FromSeconds(7));
        _b.LastPacketTimestamp = _time.GetTimestamp();
        Evaluate();
        var changes = All(_c, "EndpointConnectivityStatusChangeEvent").Select(m => ((string?)m["endpoint"], (string?)m["active"])).ToList();
        Assert.Equal([("a", "false"), ("b", "true")], changes);
    }

    [Fact]
    public void SenderSourceConstraints_AreTheLargestHeightAnyReceiverWants()
    {
        Evaluate();
        Assert.Equal(0, (int)Last(_b, "SenderSourceConstraints")!["maxHeight"]!);

        _a.Endpoint.ApplyConstraints(new(null, null, null, null, null, null));
        _c.Endpoint.ApplyConstraints(new(null, null, null, null, new Dictionary<string, VideoConstraints> { ["b-v0"] = new(720, 30) }, null));
        Evaluate();
        var sent = All(_b, "SenderSourceConstraints").ToList();
        Assert.Equal("b-v0", (string?)sent[^1]["sourceName"]);
        Assert.Equal(720, (int)sent[^1]["maxHeight"]!);

        // Unchanged: nothing new is sent.
        Evaluate();
        Assert.Empty(All(_b, "SenderSourceConstraints"));
    }

    private EndpointMedia Add(Conference conference, string id, uint ssrc)
    {
        var media = new EndpointMedia(new Endpoint(conference, id, null), _router)
        {
            Sources = SourceTable.From(Sources(id, ssrc)),
        };
        media.Endpoint.Channel = new BridgeChannelSocket(WebSocket.CreateFromStream(Stream.Null, new WebSocketCreationOptions { IsServer = true }),
            NullLogger.Instance);
        _router.Add(media);
        return media;
    }

    private static EndpointSourceSet Sources(string id, uint ssrc)
    {
        Assert.True(EndpointSourceSet.TryCreate(
        [
            new SourceDescription(id, MediaType.Audio, $"{id}-a0", [ssrc], []),
            new SourceDescription(id, MediaType.Video, $"{id}-v0", [ssrc + 1], []),
        ], out var set, out _));
        return set;
    }

    private void Evaluate()
    {
        _router.Events.Evaluate(_time.GetTimestamp());
        _time.Advance(ConferenceEvents.EvaluationInterval);
    }

    private static void Speak(EndpointMedia endpoint, int loudness)
    {
        endpoint.AudioLoudnessSum = loudness * 25L;
        endpoint.AudioLevelCount = 25;
    }

    private static List<string> Sources(EndpointMedia endpoint) => [.. endpoint.ForwardedSources.Order()];

    /// <summary>Takes every queued message of <paramref name="colibriClass"/> (others are dropped).</summary>
    private static IEnumerable<JsonObject> All(EndpointMedia endpoint, string colibriClass)
    {
        var found = new List<JsonObject>();
        while (endpoint.Endpoint.Channel!.TryTakeQueued(out var json))
        {
            var message = JsonNode.Parse(json)!.AsObject();
            if ((string?)message["colibriClass"] == colibriClass)
            {
                found.Add(message);
            }
        }
        return found;
    }

    private static JsonObject? Last(EndpointMedia endpoint, string colibriClass) => All(endpoint, colibriClass).LastOrDefault();
}
