using System.Xml.Linq;
using Jitsi.Net.Videobridge.Colibri;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging.Abstractions;
using Endpoint = Jitsi.Net.Videobridge.Conferences.Endpoint;

namespace Jitsi.Net.Videobridge.Tests.Colibri;

/// <summary>colibri2 in and out of the bridge's handler, starting from the PROTOCOL.md §3 samples.</summary>
public sealed class Colibri2HandlerTests
{
    private static readonly Jid Focus = Jid.Parse("focus.meet.localhost/focus");
    private readonly ConferenceRegistry _conferences = new(TimeProvider.System);
    private readonly RecordingMediaPlane _media = new();
    private readonly BridgeState _state = new();

    private Colibri2Handler Handler => new(_conferences, _media, _state, from => from?.Bare == Focus.Bare, "jvb1", "ws://127.0.0.1:9090", NullLogger.Instance);

    private static Iq Sample(string name, Func<string, string>? edit = null)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "protocol", name + ".xml"));
        var iq = new Iq(XElement.Parse(edit?.Invoke(text) ?? text));
        iq.From = Focus;
        return iq;
    }

    /// <summary>The §3.2 allocation without what this bridge refuses (ssrc-rewriting, SCTP).</summary>
    private static Iq Allocate(string meetingId = "0d6c0f7e-2b0f-4c35-9a1e-3c7c1a3b9e11", string endpointId = "abcd1234", bool create = true) =>
        Sample("conference-modify-allocate", t => t
            .Replace("<capability name=\"ssrc-rewriting\"/>", "", StringComparison.Ordinal)
            .Replace("<sctp/>", "", StringComparison.Ordinal)
            .Replace("0d6c0f7e-2b0f-4c35-9a1e-3c7c1a3b9e11", meetingId, StringComparison.Ordinal)
            .Replace("id=\"abcd1234\"", $"id=\"{endpointId}\"", StringComparison.Ordinal)
            .Replace("create=\"true\">\n  <endpoint", create ? "create=\"true\">\n  <endpoint" : ">\n  <endpoint", StringComparison.Ordinal));

    private async Task<ConferenceModifiedElement> HandleAsync(Iq iq) => new((await Handler.HandleAsync(iq, CancellationToken.None))!);

    private async Task<StanzaError> FailAsync(Iq iq) => (await Assert.ThrowsAsync<StanzaErrorException>(() => Handler.HandleAsync(iq, CancellationToken.None))).Error;

    [Fact]
    public async Task AllocationAnswersWithTransportWebSocketAndFeedbackSources()
    {
        var modified = await HandleAsync(Allocate());
        var endpoint = Assert.Single(modified.Endpoints);
        Assert.Equal("abcd1234", endpoint.Id);
        var ice = endpoint.Transport!.IceUdp!;
        Assert.Equal(RecordingMediaPlane.Ufrag, ice.Ufrag);
        Assert.Equal(RecordingMediaPlane.Pwd, ice.Pwd);
        Assert.True(ice.RtcpMux);
        Assert.Equal("actpass", ice.Fingerprint!.Setup);
        Assert.Equal("sha-256", ice.Fingerprint.Hash);
        var candidate = Assert.Single(ice.Candidates);
        Assert.Equal(("127.0.0.1", 10000, "host", "udp"), (candidate.Ip, candidate.Port!.Value, candidate.Type, candidate.Protocol));
        var conference = _conferences.FindByMeetingId("0d6c0f7e-2b0f-4c35-9a1e-3c7c1a3b9e11")!;
        var ws = Assert.Single(ice.WebSockets).Url!;
        Assert.StartsWith($"ws://127.0.0.1:9090/colibri-ws/jvb1/{conference.Id}/abcd1234?pwd=", ws, StringComparison.Ordinal);
        Assert.Equal(conference.FindEndpoint("abcd1234")!.WebSocketPassword, ws[(ws.IndexOf("pwd=", StringComparison.Ordinal) + 4)..]);
        var feedback = modified.Sources!.MediaSources.ToList();
        Assert.Equal(["jvb-a0", "jvb-v0"], feedback.Select(m => m.Id));
        Assert.Equal(conference.FeedbackAudioSsrc.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)feedback[0].Sources.Single().Element.Attribute("ssrc"));
        // Media reached the media plane: PTs and header extensions of both media, and an empty source set.
        Assert.Equal(["opus", "VP8", "rtx"], _media.PayloadTypes["abcd1234"]);
        Assert.Contains("abcd1234", _media.Sources.Keys);
    }

    [Fact]
    public async Task UpdateAppliesTheClientTransportAndReplacesSources()
    {
        await HandleAsync(Allocate());
        var modified = await HandleAsync(Sample("conference-modify-update"));
        Assert.Equal("abcd1234", Assert.Single(modified.Endpoints).Id);
        Assert.Null(modified.Endpoints.Single().Transport);
        var remote = _media.Remote["abcd1234"];
        Assert.Equal("Yx2P", remote.Ufrag);
        Assert.Equal("active", remote.Setup);
        var sources = _media.Sources["abcd1234"];
        Assert.Contains(sources.Sources, s => s.Name == "abcd1234-a0" && s.Ssrcs.Contains(4017u));
        Assert.Contains(sources.Sources, s => s.Name == "abcd1234-v0" && s.Groups.Any(g => g.Semantics == "SIM"));
    }

    [Fact]
    public async Task ExpiringTheLastEndpointEndsTheConference()
    {
        await HandleAsync(Allocate());
        var modified = await HandleAsync(Sample("conference-modify-expire-endpoint"));
        Assert.True(Assert.Single(modified.Endpoints).Expire);
        Assert.Contains("abcd1234", _media.Released);
        Assert.Empty(_conferences.Conferences);
    }

    [Fact]
    public async Task ConferenceExpireReleasesEverything()
    {
        await HandleAsync(Allocate());
        await HandleAsync(Allocate(endpointId: "ef567890", create: false));
        await HandleAsync(Sample("conference-modify-expire"));
        Assert.Empty(_conferences.Conferences);
        Assert.Equal(["abcd1234", "ef567890"], _media.Released.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task ErrorsFollowTheTableOfSection35()
    {
        var notFound = await FailAsync(Sample("conference-modify-update"));
        Assert.Equal(StanzaErrorCondition.ItemNotFound, notFound.Condition);
        Assert.Equal(Colibri2Error.ConferenceNotFound, (string?)notFound.ApplicationCondition?.Attribute("reason"));

        await HandleAsync(Allocate());
        var exists = await FailAsync(Allocate());
        Assert.Equal(StanzaErrorCondition.Conflict, exists.Condition);
        Assert.Equal(Colibri2Error.ConferenceAlreadyExists, (string?)exists.ApplicationCondition?.Attribute("reason"));

        var unknownEndpoint = await FailAsync(Sample("conference-modify-update", t => t.Replace("abcd1234", "nobody99", StringComparison.Ordinal)));
        Assert.Equal(StanzaErrorCondition.ItemNotFound, unknownEndpoint.Condition);
        Assert.Equal(Colibri2Error.UnknownEndpoint, (string?)unknownEndpoint.ApplicationCondition?.Attribute("reason"));

        var duplicate = await FailAsync(Allocate(create: false));
        Assert.Equal(StanzaErrorCondition.Conflict, duplicate.Condition);

        var noSourceNames = await FailAsync(Allocate("m2").Also(i => i.Element.Descendants(Namespaces.Colibri2 + "capability").Remove()));
        Assert.Equal(StanzaErrorCondition.BadRequest, noSourceNames.Condition);

        var sctp = await FailAsync(Sample("conference-modify-allocate", t => t.Replace("<capability name=\"ssrc-rewriting\"/>", "", StringComparison.Ordinal).Replace("0d6c0f7e", "1d6c0f7e", StringComparison.Ordinal)));
        Assert.Equal(StanzaErrorCondition.FeatureNotImplemented, sctp.Condition);

        var rewriting = await FailAsync(Sample("conference-modify-allocate", t => t.Replace("<sctp/>", "", StringComparison.Ordinal).Replace("0d6c0f7e", "2d6c0f7e", StringComparison.Ordinal)));
        Assert.Equal(StanzaErrorCondition.FeatureNotImplemented, rewriting.Condition);

        var relay = await FailAsync(Sample("conference-modify-relay"));
        Assert.Equal(StanzaErrorCondition.FeatureNotImplemented, relay.Condition);

        var noMeetingId = await FailAsync(Allocate("m3").Also(i => i.Payload!.Attribute("meeting-id")!.Remove()));
        Assert.Equal(StanzaErrorCondition.BadRequest, noMeetingId.Condition);

        _state.RequestGracefulShutdown();
        var graceful = await FailAsync(Allocate("m4"));
        Assert.Equal(StanzaErrorCondition.ServiceUnavailable, graceful.Condition);
        Assert.Equal(Colibri2Error.GracefulShutdown, (string?)graceful.ApplicationCondition?.Attribute("reason"));
    }

    [Fact]
    public async Task OnlyTheFocusMayDriveTheBridge()
    {
        var iq = Allocate();
        iq.From = Jid.Parse("mallory@meet.localhost/x");
        Assert.Equal(StanzaErrorCondition.Forbidden, (await FailAsync(iq)).Condition);
        Assert.Empty(_conferences.Conferences);
    }

    [Fact]
    public async Task BadSourcesAreABadRequestAndChangeNothing()
    {
        await HandleAsync(Allocate());
        var before = _media.Sources["abcd1234"];
        var bad = await FailAsync(Sample("conference-modify-update", t => t.Replace("ssrc=\"4017\"", "ssrc=\"0\"", StringComparison.Ordinal)));
        Assert.Equal(StanzaErrorCondition.BadRequest, bad.Condition);
        Assert.Same(before, _media.Sources["abcd1234"]);
        var many = string.Concat(Enumerable.Range(1, 100).Select(n => $"<source xmlns=\"urn:xmpp:jingle:apps:rtp:ssma:0\" ssrc=\"{n}\" name=\"abcd1234-a0\"/>"));
        var tooMany = await FailAsync(Sample("conference-modify-update", t => t.Replace("<source xmlns=\"urn:xmpp:jingle:apps:rtp:ssma:0\" ssrc=\"4017\" name=\"abcd1234-a0\"/>", many, StringComparison.Ordinal)));
        Assert.Equal(StanzaErrorCondition.BadRequest, tooMany.Condition);
    }

    /// <summary>Records what colibri2 asked of the media side.</summary>
    private sealed class RecordingMediaPlane : IMediaPlane
    {
        public const string Ufrag = "u1fr";
        public const string Pwd = "p4ssw0rdp4ssw0rdp4ssw0rd";

        public Dictionary<string, List<string>> PayloadTypes { get; } = [];
        public Dictionary<string, RemoteTransport> Remote { get; } = [];
        public Dictionary<string, EndpointSourceSet> Sources { get; } = [];
        public List<string> Released { get; } = [];

        public LocalTransport Allocate(Endpoint endpoint)
        {
            Sources[endpoint.Id] = EndpointSourceSet.Empty;
            return new LocalTransport(Ufrag, Pwd, [new LocalCandidate("1", 1, "127.0.0.1", 10000, 2130706431, "host")], "sha-256", "AB:CD");
        }

        public void SetRemoteTransport(Endpoint endpoint, RemoteTransport remote) => Remote[endpoint.Id] = remote;

        public void SetSources(Endpoint endpoint, EndpointSourceSet sources) => Sources[endpoint.Id] = sources;

        public void SetMedia(Endpoint endpoint, MediaType media, IReadOnlyList<PayloadTypeElement> payloadTypes, IReadOnlyList<HeaderExtensionElement> headerExtensions)
        {
            var list = PayloadTypes.TryGetValue(endpoint.Id, out var l) ? l : PayloadTypes[endpoint.Id] = [];
            list.AddRange(payloadTypes.Select(p => p.Name ?? "?"));
        }

        public void SetForceMute(Endpoint endpoint, bool? audio, bool? video)
        {
        }

        public void Release(Endpoint endpoint) => Released.Add(endpoint.Id);
    }
}

internal static class TestExtensions
{
    public static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
