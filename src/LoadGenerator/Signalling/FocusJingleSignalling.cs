using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Extensions.Disco;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Extensions.Ping;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.LoadGenerator.Signalling;

/// <summary>
/// The full stack's path, for join storms: every simulated participant logs in anonymously over its own XMPP client
/// connection, asks the focus for the conference, joins the MUC room with the presence a web client sends, answers
/// disco#info with the client's features, waits for the focus's Jingle <c>session-initiate</c> (the bridge's transport
/// in it), answers with <c>session-accept</c> carrying its own ICE credentials, host candidate, DTLS fingerprint
/// (active) and sources (audio; video with SIM and FID groups), and opens the bridge channel named in the offer. The
/// focus starts sessions only once a room has two participants, so a room's participants join concurrently
/// (<see cref="ConcurrentJoins"/>). Join time per stage is kept in <see cref="Stages"/>. Joins run concurrently on the
/// thread pool; the rest from the run's control flow.
/// </summary>
internal sealed class FocusJingleSignalling(ClientOptions client, Jid focus, string mucDomain, int lastN) : ISignalling
{
    /// <summary>What a web client announces (PROTOCOL.md §1.6); the focus offers what the features allow.</summary>
    private static readonly string[] Features =
    [
        "urn:xmpp:jingle:1", "urn:xmpp:jingle:apps:rtp:1", "urn:xmpp:jingle:transports:ice-udp:1", "urn:xmpp:jingle:apps:dtls:0",
        "urn:xmpp:jingle:apps:rtp:audio", "urn:xmpp:jingle:apps:rtp:video", "urn:ietf:rfc:4588", "http://jitsi.org/tcc",
        "http://jitsi.org/source-name", "http://jitsi.org/receive-multiple-video-streams",
    ];

    private static readonly TimeSpan OfferTimeout = TimeSpan.FromSeconds(60);
    private static readonly XNamespace Jingle = "urn:xmpp:jingle:1";
    private static readonly XNamespace Rtp = "urn:xmpp:jingle:apps:rtp:1";
    private static readonly XNamespace Ssma = "urn:xmpp:jingle:apps:rtp:ssma:0";
    private static readonly XNamespace IceUdp = "urn:xmpp:jingle:transports:ice-udp:1";
    private static readonly XNamespace Dtls = "urn:xmpp:jingle:apps:dtls:0";
    private static readonly XNamespace Grouping = "urn:xmpp:jingle:apps:grouping:0";

    private readonly ConcurrentBag<(XmppSession Session, MucRoom Room)> _participants = [];
    private readonly ConcurrentBag<BridgeChannelClient> _channels = [];

    public string Name => "focus-jingle";

    public bool ConcurrentJoins => true;

    /// <summary>Milliseconds from the start of each join to the end of each stage: login, muc-join, session-initiate,
    /// session-accept (acknowledged), bridge-channel.</summary>
    public ConcurrentDictionary<string, ConcurrentBag<double>> Stages { get; } = new();

    public async Task<RemoteDescription> JoinAsync(LocalDescription local, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        void Stage(string name) => Stages.GetOrAdd(name, _ => []).Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        var router = new StanzaRouter(new IQCaller(null, TimeSpan.FromSeconds(30)));
        var disco = new DiscoInfo(router, "client", "web");
        foreach (var feature in Features)
        {
            disco.AddFeature(feature);
        }
        PingResponder.Register(router, disco);
        var offer = new TaskCompletionSource<XElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        router.HandleIq(IqType.Set, Jingle + "jingle", (iq, _) =>
        {
            if ((string?)iq.Payload!.Attribute("action") == "session-initiate")
            {
                offer.TrySetResult(iq.Payload);
            }
            return Task.FromResult<XElement?>(null);
        });
        var session = await ClientConnector.ConnectAsync(client, router, cancellationToken: cancellationToken).ConfigureAwait(false);
        session.Start();
        Stage("login");

        var roomJid = Jid.Parse(string.Create(CultureInfo.InvariantCulture, $"load-{local.RoomIndex}@{mucDomain}"));
        var request = new XElement(XName.Get("conference", "http://jitsi.org/protocol/focus"), new XAttribute("room", roomJid.ToString()),
            new XAttribute("machine-uid", local.EndpointId));
        await session.RequestAsync(new Iq(IqType.Set, focus, request), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        var room = await new MucClient(router, session).JoinAsync(roomJid, local.EndpointId, Presence(local.EndpointId), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        _participants.Add((session, room));
        Stage("muc-join");

        var initiate = new JingleElement(await offer.Task.WaitAsync(OfferTimeout, cancellationToken).ConfigureAwait(false));
        Stage("session-initiate");
        var transport = initiate.Contents.Select(c => c.Transport).FirstOrDefault(t => t?.Ufrag is not null)
            ?? throw new InvalidOperationException($"the focus's offer to {local.EndpointId} has no ICE transport");
        var remote = Colibri2Signalling.ToRemote(transport);
        var accept = SessionAccept(initiate.Sid ?? "", local);
        var reply = await session.RequestAsync(new Iq(IqType.Set, roomJid.WithResource("focus"), accept), TimeSpan.FromSeconds(30), cancellationToken)
            .ConfigureAwait(false);
        if (reply.Type != IqType.Result)
        {
            throw new InvalidOperationException($"the focus refused the session-accept of {local.EndpointId}: {reply.Element}");
        }
        Stage("session-accept");
        if (transport.WebSockets.FirstOrDefault()?.Url is { } url)
        {
            _channels.Add(await BridgeChannelClient.OpenAsync(new Uri(url), lastN, cancellationToken).ConfigureAwait(false));
            Stage("bridge-channel");
        }
        return remote;
    }

    public async Task LeaveAsync(IReadOnlyList<LocalDescription> endpoints, CancellationToken cancellationToken)
    {
        foreach (var (_, room) in _participants)
        {
            try
            {
                if (room.IsJoined)
                {
                    await room.LeaveAsync(cancellationToken).WaitAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception e) when (e is TimeoutException or OperationCanceledException or IOException or InvalidOperationException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }
        foreach (var (session, _) in _participants)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static XElement[] Presence(string nick) =>
    [
        new(Namespaces.Client + "stats-id", "Stats-" + nick),
        new(Namespaces.Client + "jitsi_participant_codecList", "vp8,opus"),
        new(Namespaces.Client + "SourceInfo", $"{{\"{nick}-a0\":{{\"muted\":false}},\"{nick}-v0\":{{\"muted\":false}}}}"),
    ];

    /// <summary>XEP-0166 session-accept (XEP-0167 RTP, XEP-0176 ICE-UDP, XEP-0320 DTLS, XEP-0339 sources and groups,
    /// XEP-0338 BUNDLE): audio and video on one transport.</summary>
    private static XElement SessionAccept(string sid, LocalDescription local)
    {
        XElement Transport()
        {
            var transport = new XElement(IceUdp + "transport", new XAttribute("ufrag", local.Ufrag), new XAttribute("pwd", local.Pwd),
                new XElement(Dtls + "fingerprint", new XAttribute("hash", local.FingerprintHash), new XAttribute("setup", "active"), local.Fingerprint));
            var n = 0;
            foreach (var c in local.Candidates)
            {
                transport.Add(new XElement(IceUdp + "candidate", new XAttribute("component", 1), new XAttribute("foundation", c.Foundation),
                    new XAttribute("generation", 0), new XAttribute("id", $"{local.EndpointId}c{n++}"), new XAttribute("ip", c.EndPoint.Address.ToString()),
                    new XAttribute("network", 0), new XAttribute("port", c.EndPoint.Port), new XAttribute("priority", c.Priority),
                    new XAttribute("protocol", "udp"), new XAttribute("type", "host")));
            }
            return transport;
        }
        XElement Source(uint ssrc, string name) => new(Ssma + "source", new XAttribute("ssrc", ssrc), new XAttribute("name", name),
            new XElement(Ssma + "parameter", new XAttribute("name", "msid"), new XAttribute("value", $"{local.EndpointId}-s {name}")));
        XElement Group(string semantics, IEnumerable<uint> ssrcs) => new(Ssma + "ssrc-group", new XAttribute("semantics", semantics),
            ssrcs.Select(s => new XElement(Ssma + "source", new XAttribute("ssrc", s))));

        var audio = new XElement(Rtp + "description", new XAttribute("media", "audio"),
            new XElement(Rtp + "payload-type", new XAttribute("id", 111), new XAttribute("name", "opus"), new XAttribute("clockrate", 48000), new XAttribute("channels", 2)),
            Source(local.AudioSsrc, local.EndpointId + "-a0"));
        var video = new XElement(Rtp + "description", new XAttribute("media", "video"),
            new XElement(Rtp + "payload-type", new XAttribute("id", 100), new XAttribute("name", "VP8"), new XAttribute("clockrate", 90000)));
        var videoName = local.EndpointId + "-v0";
        for (var i = 0; i < local.VideoSsrcs.Count; i++)
        {
            video.Add(Source(local.VideoSsrcs[i], videoName), Source(local.RtxSsrcs[i], videoName));
        }
        if (local.VideoSsrcs.Count > 1)
        {
            video.Add(Group("SIM", local.VideoSsrcs));
        }
        for (var i = 0; i < local.VideoSsrcs.Count; i++)
        {
            video.Add(Group("FID", [local.VideoSsrcs[i], local.RtxSsrcs[i]]));
        }
        return new XElement(Jingle + "jingle", new XAttribute("action", "session-accept"), new XAttribute("sid", sid),
            new XElement(Grouping + "group", new XAttribute("semantics", "BUNDLE"),
                new XElement(Grouping + "content", new XAttribute("name", "audio")), new XElement(Grouping + "content", new XAttribute("name", "video"))),
            new XElement(Jingle + "content", new XAttribute("creator", "initiator"), new XAttribute("name", "audio"), new XAttribute("senders", "both"), audio, Transport()),
            new XElement(Jingle + "content", new XAttribute("creator", "initiator"), new XAttribute("name", "video"), new XAttribute("senders", "both"), video, Transport()));
    }
}
