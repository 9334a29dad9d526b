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
        Talk(1500, (_c, 100));
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
    public void DominantSpeaker_ChangeEvent_NamesTheSpeakerAndThePreviousOnes()
    {
        Talk(1500, (_b, 100));
        Assert.Equal(_b, _router.Events.Speaker.Current);
        var first = All(_a, "DominantSpeakerEndpointChangeEvent").Single();
        Assert.Equal("b", (string?)first["dominantSpeakerEndpoint"]);
        Assert.Empty(first["previousSpeakers"]!.AsArray());

        // Speaking over the current speaker, even louder, does not take the floor while it goes on talking.
        Talk(1500, (_b, 90), (_c, 110));
        Assert.Equal(_b, _router.Events.Speaker.Current);
        Assert.Empty(All(_a, "DominantSpeakerEndpointChangeEvent"));

        // Once it stops, the other takes over within a second.
        Talk(1000, (_c, 100));
        Assert.Equal(_c, _router.Events.Speaker.Current);
        foreach (var endpoint in new[] { _a, _b, _c })
        {
            var message = Last(endpoint, "DominantSpeakerEndpointChangeEvent")!;
            Assert.Equal("c", (string?)message["dominantSpeakerEndpoint"]);
            Assert.Equal(["b"], message["previousSpeakers"]!.AsArray().Select(n => (string)n!));
        }
    }

    [Fact]
    public void ConfiguredLastN_AppliesUntilTheReceiverSendsItsOwn_AndFollowsTheSpeaker()
    {
        var router = new ConferenceRouter(1, new ForwardingCounters(), _time, new ForwardingOptions { DefaultLastN = 1 });
        var conference = new Conference("other", null, _time);
        var a = Add(router, conference, "a", 1);
        Add(router, conference, "b", 10);
        var c = Add(router, conference, "c", 20);
        a.Endpoint.ApplyConstraints(new(null, null, null, null, null, null));
        router.Events.Evaluate(_time.GetTimestamp());
        // Nobody spoke yet: the first to join of the others.
        Assert.Equal(["b-a0", "b-v0", "c-a0"], Sources(a));
        Assert.Equal(["b-a0", "b-v0", "c-a0"], Forwarded(Last(a, "ForwardedSources")!));

        Talk(router, 1500, (c, 100));
        router.Events.OnTimer();
        Assert.Equal(["b-a0", "c-a0", "c-v0"], Sources(a));
        Assert.Equal(["b-a0", "c-a0", "c-v0"], Forwarded(Last(a, "ForwardedSources")!));

        // The receiver's own last-N wins over the configured one.
        a.Endpoint.ApplyConstraints(new(2, null, null, null, null, null));
        router.Events.Evaluate(_time.GetTimestamp());
        Assert.Equal(["b-a0", "b-v0", "c-a0", "c-v0"], Sources(a));
        a.Endpoint.ApplyConstraints(new(0, null, null, null, null, null));
        router.Events.Evaluate(_time.GetTimestamp());
        Assert.Equal(["b-a0", "c-a0"], Sources(a));
        Assert.Equal(["b-a0", "c-a0"], Forwarded(Last(a, "ForwardedSources")!));
        // The legacy LastNChangedEvent sets it the same way.
        a.Endpoint.SetLastN(-1);
        router.Events.Evaluate(_time.GetTimestamp());
        Assert.Equal(["b-a0", "b-v0", "c-a0", "c-v0"], Forwarded(Last(a, "ForwardedSources")!));
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

    private EndpointMedia Add(Conference conference, string id, uint ssrc) => Add(_router, conference, id, ssrc);

    private static EndpointMedia Add(ConferenceRouter router, Conference conference, string id, uint ssrc)
    {
        var media = new EndpointMedia(new Endpoint(conference, id, null), router)
        {
            Sources = SourceTable.From(Sources(id, ssrc)),
        };
        media.Endpoint.Channel = new BridgeChannelSocket(WebSocket.CreateFromStream(Stream.Null, new WebSocketCreationOptions { IsServer = true }),
            NullLogger.Instance);
        router.Add(media);
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

    private void Talk(int milliseconds, params (EndpointMedia Endpoint, int Loudness)[] speakers) => Talk(_router, milliseconds, speakers);

    /// <summary>The given endpoints speak at <c>Loudness</c> (127 − dBov) for <paramref name="milliseconds"/>, with a
    /// dip to a quiet microphone's level every 200 ms, and the others send that quiet level; a level every 20 ms, and
    /// the speaker decision every 300 ms on the way.</summary>
    private void Talk(ConferenceRouter router, int milliseconds, params (EndpointMedia Endpoint, int Loudness)[] speakers)
    {
        const int quiet = 127 - 70;
        for (var ms = 0; ms < milliseconds; ms += 20)
        {
            foreach (var endpoint in router.Endpoints)
            {
                var speaking = speakers.FirstOrDefault(s => s.Endpoint == endpoint).Loudness;
                endpoint.Speech.OnLevel(speaking == 0 || ms % 200 == 0 ? quiet : speaking, _time.GetTimestamp());
            }
            _time.Advance(TimeSpan.FromMilliseconds(20));
            if (ms % 300 == 280)
            {
                router.Events.DecideSpeaker(_time.GetTimestamp());
            }
        }
    }

    private static List<string> Forwarded(JsonObject message) =>
        [.. message["forwardedSources"]!.AsArray().Select(n => (string)n!).Order()];

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
