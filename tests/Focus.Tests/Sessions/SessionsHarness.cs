using System.Xml.Linq;
using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.Focus.Conferences;
using Jitsi.Net.Focus.Xmpp;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Focus.Tests.Sessions;

/// <summary>
/// One conference's sessions driven as the focus drives them — every call on the conference queue — with a
/// recording sender for the participants and fake colibri2 sessions for the bridges. XML in, XML out.
/// </summary>
internal sealed class SessionsHarness
{
    public static readonly Jid Room = Jid.Parse("standup@conference.meet.localhost");
    public static readonly Jid FocusJid = Jid.Parse("focus.meet.localhost/focus");

    public SessionsHarness(FocusConferenceSettings? settings = null)
    {
        Caller = new IQCaller(null, TimeSpan.FromSeconds(30));
        Sender = new RecordingSender(Caller);
        Bridges = new BridgeRegistry(new FocusXmppSettings(), NullLogger<BridgeRegistry>.Instance);
        Queue = new SerialQueue(NullLogger.Instance);
        var services = new ConferenceServices(new OccupantIq(Sender, Caller, FocusJid, TimeSpan.FromSeconds(5)), new BridgeSelector(Bridges, Time),
            Colibri, settings ?? new FocusConferenceSettings(), Time);
        Sessions = new ConferenceSessions(Room, () => MeetingId, Queue, services, NullLogger.Instance);
        AddBridge("jvb1", "0.1", "eu-west");
    }

    /// <summary>Two participants in, both invited.</summary>
    public static async Task<SessionsHarness> WithTwoAsync(string[]? featuresOfB = null)
    {
        var h = new SessionsHarness();
        await h.JoinAsync("aaaa0001");
        await h.JoinAsync("bbbb0002", featuresOfB);
        return h;
    }

    public string MeetingId { get; } = Guid.NewGuid().ToString();

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-24T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public IQCaller Caller { get; }

    public RecordingSender Sender { get; }

    public BridgeRegistry Bridges { get; }

    public FakeColibriFactory Colibri { get; } = new();

    public SerialQueue Queue { get; }

    public ConferenceSessions Sessions { get; }

    /// <summary>Adds a bridge to the brewery, or updates its presence.</summary>
    public Bridge AddBridge(string id, string stress, string? region = null, bool shuttingDown = false)
    {
        var stats = $"<stats xmlns='http://jitsi.org/protocol/colibri'><stat name='stress_level' value='{stress}'/><stat name='drain' value='false'/>"
            + $"<stat name='shutting_down' value='{(shuttingDown ? "true" : "false")}'/>"
            + (region is null ? "" : $"<stat name='region' value='{region}'/>") + "</stats>";
        Bridges.Update(new MucOccupant(Jid.Parse("jvbbrewery@internal.auth.meet.localhost/" + id), Jid.Parse("jvb@auth.meet.localhost/" + id),
            "none", "participant", new Presence(XElement.Parse($"<presence xmlns='jabber:client'>{stats}</presence>"))));
        return Bridges.Find(id)!;
    }

    public static MucOccupant Occupant(string nick, string? extensions = null) =>
        new(Room.WithResource(nick), Jid.Parse($"{nick}@meet.localhost/web"), "none", "participant",
            new Presence(XElement.Parse($"<presence xmlns='jabber:client'><stats-id>Stats-{nick}</stats-id>{extensions}</presence>")));

    /// <summary>A participant joins; it answers disco#info with <paramref name="features"/> (null: disco fails).</summary>
    public async Task JoinAsync(string nick, string[]? features = null)
    {
        if (features is not null)
        {
            Sender.Features[nick] = features;
        }
        await Queue.RunAsync(() => Sessions.OnJoinedAsync(Occupant(nick)));
        await FlushAsync();
    }

    public async Task LeaveAsync(string nick)
    {
        await Queue.RunAsync(() => Sessions.OnLeftAsync(Occupant(nick)));
        await FlushAsync();
    }

    /// <summary>Sends a Jingle request from <paramref name="nick"/> and returns the focus's answer, after the work
    /// it queued has run.</summary>
    public async Task<Iq> JingleAsync(string nick, string jingleXml)
    {
        var iq = new Iq(IqType.Set, Room.WithResource("focus"), XElement.Parse(jingleXml), "j" + Guid.NewGuid().ToString("N")[..6])
        {
            From = Room.WithResource(nick),
        };
        Iq reply;
        try
        {
            reply = iq.ResultReply(await Queue.RunAsync(() => Sessions.HandleJingleAsync(iq)));
        }
        catch (StanzaErrorException e)
        {
            reply = iq.ErrorReply(e.Error);
        }
        await FlushAsync();
        return reply;
    }

    /// <summary>Runs the queue dry: follow-up work posted by earlier items (which may post more).</summary>
    public async Task FlushAsync()
    {
        for (var i = 0; i < 4; i++)
        {
            await Queue.RunAsync(() => Task.CompletedTask);
        }
    }

    public XElement LastJingleTo(string nick, string action) => Sender.JingleTo(nick, action).Last();

    public string SidOf(string nick) => (string)LastJingleTo(nick, "session-initiate").Attribute("sid")!;

    public string BridgeSessionOf(string nick) =>
        (string)LastJingleTo(nick, "session-initiate").Element(XName.Get("bridge-session", "http://jitsi.org/protocol/focus"))!.Attribute("id")!;

    /// <summary>A session-accept as lib-jitsi-meet sends it, with the given sources in the video/audio descriptions.</summary>
    public static string Accept(string sid, string audioSources = "", string videoSources = "") => $"""
        <jingle xmlns="urn:xmpp:jingle:1" action="session-accept" sid="{sid}" initiator="focus.meet.localhost/focus" responder="x@meet.localhost/web">
          <content creator="initiator" name="audio" senders="both">
            <description xmlns="urn:xmpp:jingle:apps:rtp:1" media="audio">
              <payload-type id="111" name="opus" clockrate="48000" channels="2"/>
              {audioSources}
            </description>
            <transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="cU1" pwd="cPwd0123456789abcdefghij">
              <fingerprint xmlns="urn:xmpp:jingle:apps:dtls:0" hash="sha-256" setup="active">7C:00:11</fingerprint>
            </transport>
          </content>
          <content creator="initiator" name="video" senders="both">
            <description xmlns="urn:xmpp:jingle:apps:rtp:1" media="video">
              <payload-type id="100" name="VP8" clockrate="90000"/>
              {videoSources}
            </description>
            <transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="cU1" pwd="cPwd0123456789abcdefghij"/>
          </content>
          <group xmlns="urn:xmpp:jingle:apps:grouping:0" semantics="BUNDLE"><content name="audio"/><content name="video"/></group>
        </jingle>
        """;

    /// <summary>A source as a browser signals it; the msid defaults to one of its own, from the name.</summary>
    public static string Source(uint ssrc, string name, string? msid = null) =>
        $"""<source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="{ssrc}" name="{name}"><parameter name="msid" value="{msid ?? name + "-stream " + name + "-track"}"/></source>""";

    public static string Group(string semantics, params uint[] ssrcs) =>
        $"""<ssrc-group xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" semantics="{semantics}">{string.Concat(ssrcs.Select(s => $"<source ssrc=\"{s}\"/>"))}</ssrc-group>""";

    /// <summary>A simulcast camera: SIM(a, a+1, a+2) and one FID per layer to a+10…a+12.</summary>
    public static string SimulcastVideo(string nick, uint a) =>
        string.Concat(new[] { a, a + 1, a + 2, a + 10, a + 11, a + 12 }.Select(s => Source(s, nick + "-v0", $"{nick}-s {nick}-v")))
        + Group("SIM", a, a + 1, a + 2) + Group("FID", a, a + 10) + Group("FID", a + 1, a + 11) + Group("FID", a + 2, a + 12);
}
