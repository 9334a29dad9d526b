using System.Runtime.Versioning;
using System.Threading.Channels;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Extensions.Disco;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Extensions.Ping;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Interop.Tests.Focus;

/// <summary>
/// A participant as lib-jitsi-meet behaves toward the focus (PROTOCOL.md §8.1): anonymous login, conference
/// request, MUC join with stats-id/SourceInfo/codec list, disco#info answered with the features of §1.6, every
/// Jingle request from the focus acknowledged and kept for the test to read.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ScriptedParticipant : IAsyncDisposable
{
    public static readonly string[] Features =
    [
        "urn:xmpp:jingle:1", "urn:xmpp:jingle:apps:rtp:1", "urn:xmpp:jingle:transports:ice-udp:1", "urn:xmpp:jingle:apps:dtls:0",
        "urn:xmpp:jingle:transports:dtls-sctp:1", "urn:xmpp:jingle:apps:rtp:audio", "urn:xmpp:jingle:apps:rtp:video",
        "http://jitsi.org/json-encoded-sources", "urn:ietf:rfc:4588", "http://jitsi.org/remb", "http://jitsi.org/tcc",
        "http://jitsi.org/source-name", "http://jitsi.org/receive-multiple-video-streams",
    ];

    private static readonly XNamespace Jingle = "urn:xmpp:jingle:1";
    private readonly Channel<XElement> _jingle;
    private readonly XmppSession _session;
    private readonly MucRoom _room;

    private ScriptedParticipant(string nick, XmppSession session, MucRoom room, Channel<XElement> jingle)
    {
        _jingle = jingle;
        Nick = nick;
        _session = session;
        _room = room;
    }

    public string Nick { get; }

    public Jid FocusOccupant => _room.RoomJid.WithResource("focus");

    /// <summary>The room as this participant sees it (occupants and their presence).</summary>
    public MucRoom Room => _room;

    /// <summary>Every Jingle request received so far, oldest first (filled as <see cref="NextJingleAsync"/> reads).</summary>
    public List<XElement> Received { get; } = [];

    public static async Task<ScriptedParticipant> JoinAsync(StackFixture stack, Jid room, string nick)
    {
        var router = new StanzaRouter(new IQCaller(null, TimeSpan.FromSeconds(20)));
        var disco = new DiscoInfo(router, "client", "web");
        foreach (var feature in Features)
        {
            disco.AddFeature(feature);
        }
        PingResponder.Register(router, disco);
        var received = Channel.CreateUnbounded<XElement>();
        router.HandleIq(IqType.Set, Jingle + "jingle", (iq, _) =>
        {
            received.Writer.TryWrite(iq.Payload!);
            return Task.FromResult<XElement?>(null);
        });
        var session = await StackClients.AnonymousAsync(stack, router);
        var request = new XElement(XName.Get("conference", "http://jitsi.org/protocol/focus"), new XAttribute("room", room.ToString()), new XAttribute("machine-uid", nick));
        await session.RequestAsync(new Iq(IqType.Set, Jid.Parse("focus." + stack.Domain), request));
        var mucRoom = await new MucClient(router, session).JoinAsync(room, nick, Presence(nick, audioMuted: true));
        return new ScriptedParticipant(nick, session, mucRoom, received);
    }

    /// <summary>The next Jingle request from the focus with <paramref name="action"/> (others are kept in <see cref="Received"/>).</summary>
    public async Task<XElement> NextJingleAsync(string action, TimeSpan? bound = null)
    {
        using var timeout = new CancellationTokenSource(bound ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var jingle = await _jingle.Reader.ReadAsync(timeout.Token);
            Received.Add(jingle);
            if ((string?)jingle.Attribute("action") == action)
            {
                return jingle;
            }
        }
    }

    /// <summary>Sends a Jingle request to the focus occupant and returns the answer.</summary>
    public Task<Iq> SendJingleAsync(string jingleXml) =>
        _session.RequestAsync(new Iq(IqType.Set, FocusOccupant, XElement.Parse(jingleXml)));

    public Task SetAudioMutedAsync(bool muted) => _room.SetPresenceAsync(Presence(Nick, muted));

    public Task LeaveAsync() => _room.LeaveAsync();

    public async ValueTask DisposeAsync()
    {
        if (_room.IsJoined)
        {
            await _room.LeaveAsync();
        }
        await _session.DisposeAsync();
    }

    private static XElement[] Presence(string nick, bool audioMuted) =>
    [
        new(Namespaces.Client + "stats-id", "Stats-" + nick),
        new(Namespaces.Client + "jitsi_participant_codecList", "vp8,opus"),
        new(Namespaces.Client + "SourceInfo", $"{{\"{nick}-a0\":{{\"muted\":{(audioMuted ? "true" : "false")}}}}}"),
    ];
}
