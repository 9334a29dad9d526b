using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Focus.Tests.Sessions;

/// <summary>The offer the focus sends each participant (PROTOCOL.md §2.2, §2.8) and when it sends it (§1.6).</summary>
public sealed class SessionInitiateTests
{
    private static readonly XNamespace Jingle = Namespaces.Jingle;
    private static readonly XNamespace Rtp = Namespaces.JingleRtp;
    private static readonly XNamespace Fb = Namespaces.JingleRtcpFb;
    private static readonly XNamespace HdrExt = Namespaces.JingleRtpHdrExt;
    private static readonly XNamespace Ssma = Namespaces.JingleSsma;
    private static readonly XNamespace JitMeet = Namespaces.JitMeet;

    [Fact]
    public async Task NoSessionForALoneParticipantThenOneForEachOfTwo()
    {
        var h = new SessionsHarness();
        await h.JoinAsync("aaaa0001", RecordingSender.BrowserFeatures);
        Assert.Empty(h.Sender.JingleTo("aaaa0001"));
        Assert.Empty(h.Colibri.Sessions);

        await h.JoinAsync("bbbb0002", RecordingSender.BrowserFeatures);
        Assert.Single(h.Sender.JingleTo("aaaa0001", "session-initiate"));
        Assert.Single(h.Sender.JingleTo("bbbb0002", "session-initiate"));
        var colibri = Assert.Single(h.Colibri.Sessions);
        Assert.Equal(["aaaa0001", "bbbb0002"], colibri.Allocated);
        Assert.Equal(2, h.Sessions.SessionCount);
        Assert.NotEqual(h.SidOf("aaaa0001"), h.SidOf("bbbb0002"));
    }

    [Fact]
    public async Task TheOfferHasTheShapeOfSection22()
    {
        var h = new SessionsHarness();
        await h.JoinAsync("aaaa0001");
        await h.JoinAsync("bbbb0002");
        var iq = h.Sender.Sent.OfType<Iq>().Last(i => i.To == SessionsHarness.Room.WithResource("bbbb0002") && i.Payload?.Name == Jingle + "jingle");
        Assert.Equal(IqType.Set, iq.Type);
        Assert.Equal(SessionsHarness.FocusJid, iq.From);
        var jingle = iq.Payload!;
        Assert.Equal("session-initiate", (string?)jingle.Attribute("action"));
        Assert.Equal("focus.meet.localhost/focus", (string?)jingle.Attribute("initiator"));

        var contents = jingle.Elements(Jingle + "content").ToList();
        Assert.Equal(["audio", "video"], contents.Select(c => (string?)c.Attribute("name")));
        Assert.All(contents, c => Assert.Equal(("initiator", "both"), ((string?)c.Attribute("creator"), (string?)c.Attribute("senders"))));

        var audio = contents[0].Element(Rtp + "description")!;
        Assert.Equal("audio", (string?)audio.Attribute("media"));
        var opus = Assert.Single(audio.Elements(Rtp + "payload-type"));
        Assert.Equal(("111", "opus", "48000", "2"), ((string?)opus.Attribute("id"), (string?)opus.Attribute("name"), (string?)opus.Attribute("clockrate"), (string?)opus.Attribute("channels")));
        Assert.Equal(["minptime=10", "useinbandfec=1"], opus.Elements(Rtp + "parameter").Select(p => $"{p.Attribute("name")?.Value}={p.Attribute("value")?.Value}"));
        Assert.Equal(["transport-cc"], opus.Elements(Fb + "rtcp-fb").Select(f => (string?)f.Attribute("type")));
        Assert.Equal(["1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", "5 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"],
            audio.Elements(HdrExt + "rtp-hdrext").Select(e => $"{e.Attribute("id")?.Value} {e.Attribute("uri")?.Value}"));
        Assert.NotNull(audio.Element(HdrExt + "extmap-allow-mixed"));
        Assert.NotNull(audio.Element(Rtp + "rtcp-mux"));

        var video = contents[1].Element(Rtp + "description")!;
        var pts = video.Elements(Rtp + "payload-type").ToList();
        Assert.Equal(["100 VP8 90000", "96 rtx 90000"], pts.Select(p => $"{p.Attribute("id")?.Value} {p.Attribute("name")?.Value} {p.Attribute("clockrate")?.Value}"));
        Assert.Equal(["ccm fir", "nack ", "nack pli", "transport-cc "],
            pts[0].Elements(Fb + "rtcp-fb").Select(f => $"{f.Attribute("type")?.Value} {f.Attribute("subtype")?.Value}"));
        Assert.Equal("100", (string?)pts[1].Element(Rtp + "parameter")?.Attribute("value"));
        Assert.Equal("apt", (string?)pts[1].Element(Rtp + "parameter")?.Attribute("name"));
        Assert.Equal(["3 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "5 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"],
            video.Elements(HdrExt + "rtp-hdrext").Select(e => $"{e.Attribute("id")?.Value} {e.Attribute("uri")?.Value}"));
        Assert.NotNull(video.Element(HdrExt + "extmap-allow-mixed"));
        Assert.NotNull(video.Element(Rtp + "rtcp-mux"));

        foreach (var content in contents)
        {
            var transport = content.Element(Namespaces.JingleIceUdp + "transport")!;
            Assert.Equal("ufbbbb0002", (string?)transport.Attribute("ufrag"));
            Assert.NotNull(transport.Attribute("pwd"));
            Assert.NotNull(transport.Element(Namespaces.JingleIceUdp + "rtcp-mux"));
            var fingerprint = transport.Element(Namespaces.JingleDtls + "fingerprint")!;
            Assert.Equal(("sha-256", "actpass", FakeColibri.Fingerprint), ((string?)fingerprint.Attribute("hash"), (string?)fingerprint.Attribute("setup"), fingerprint.Value));
            Assert.Equal("127.0.0.1", (string?)transport.Element(Namespaces.JingleIceUdp + "candidate")?.Attribute("ip"));
            Assert.StartsWith("wss://", (string?)transport.Element(XName.Get("web-socket", "http://jitsi.org/protocol/colibri"))?.Attribute("url"), StringComparison.Ordinal);
        }
        var group = jingle.Element(XName.Get("group", "urn:xmpp:jingle:apps:grouping:0"))!;
        Assert.Equal("BUNDLE", (string?)group.Attribute("semantics"));
        Assert.Equal(["audio", "video"], group.Elements().Select(c => (string?)c.Attribute("name")));
        var bridgeSession = jingle.Element(XName.Get("bridge-session", "http://jitsi.org/protocol/focus"))!;
        Assert.True(Guid.TryParse((string?)bridgeSession.Attribute("id"), out _));
        Assert.Equal("eu-west", (string?)bridgeSession.Attribute("region"));

        // Disco failed: sources as XML; only the bridge's feedback sources exist yet (owner jvb).
        Assert.Null(jingle.Element(JitMeet + "json-message"));
        var audioSource = Assert.Single(audio.Elements(Ssma + "source"));
        Assert.Equal(("998877", "jvb-a0", "jvb"), ((string?)audioSource.Attribute("ssrc"), (string?)audioSource.Attribute("name"), (string?)audioSource.Element(JitMeet + "ssrc-info")?.Attribute("owner")));
        Assert.Equal("mixedmslabel mixedlabelaudio0", (string?)audioSource.Element(Ssma + "parameter")?.Attribute("value"));
        var videoSource = Assert.Single(video.Elements(Ssma + "source"));
        Assert.Equal(("2110911", "jvb-v0"), ((string?)videoSource.Attribute("ssrc"), (string?)videoSource.Attribute("name")));
    }

    [Fact]
    public async Task JsonSourcesOnlyForParticipantsThatAdvertiseThem()
    {
        var h = new SessionsHarness();
        await h.JoinAsync("aaaa0001", RecordingSender.BrowserFeatures);
        await h.JoinAsync("bbbb0002", ["urn:xmpp:jingle:apps:rtp:audio", "urn:xmpp:jingle:apps:rtp:video"]);
        var json = h.LastJingleTo("aaaa0001", "session-initiate");
        var message = json.Element(JitMeet + "json-message");
        Assert.NotNull(message);
        Assert.Contains("\"jvb\"", message.Value, StringComparison.Ordinal);
        Assert.Empty(json.Descendants(Ssma + "source"));

        var xml = h.LastJingleTo("bbbb0002", "session-initiate");
        Assert.Null(xml.Element(JitMeet + "json-message"));
        Assert.Equal(2, xml.Descendants(Ssma + "source").Count());
        // Without RTX and transport-cc features: no rtx payload type, no transport-cc.
        Assert.DoesNotContain(xml.Descendants(Rtp + "payload-type"), p => (string?)p.Attribute("name") == "rtx");
        Assert.DoesNotContain(xml.Descendants(Fb + "rtcp-fb"), f => (string?)f.Attribute("type") == "transport-cc");
    }

    [Fact]
    public async Task AThirdParticipantSeesTheOthersWithSimulcastStripped()
    {
        var h = new SessionsHarness();
        await h.JoinAsync("aaaa0001");
        await h.JoinAsync("bbbb0002");
        var accept = SessionsHarness.Accept(h.SidOf("aaaa0001"), SessionsHarness.Source(4017, "aaaa0001-a0"), SessionsHarness.SimulcastVideo("aaaa0001", 100));
        Assert.Equal(IqType.Result, (await h.JingleAsync("aaaa0001", accept)).Type);

        await h.JoinAsync("cccc0003");
        var offer = h.LastJingleTo("cccc0003", "session-initiate");
        var video = offer.Elements(Jingle + "content").Single(c => (string?)c.Attribute("name") == "video").Element(Rtp + "description")!;
        var aSources = video.Elements(Ssma + "source").Where(s => (string?)s.Element(JitMeet + "ssrc-info")?.Attribute("owner") == "aaaa0001").ToList();
        Assert.Equal(["100", "110"], aSources.Select(s => (string?)s.Attribute("ssrc")));
        Assert.All(aSources, s => Assert.Equal("aaaa0001-v0", (string?)s.Attribute("name")));
        Assert.All(aSources, s => Assert.Equal("aaaa0001-s aaaa0001-v", (string?)s.Element(Ssma + "parameter")?.Attribute("value")));
        var group = Assert.Single(video.Elements(Ssma + "ssrc-group"));
        Assert.Equal("FID", (string?)group.Attribute("semantics"));
        Assert.Equal(["100", "110"], group.Elements().Select(s => (string?)s.Attribute("ssrc")));
        var audio = offer.Elements(Jingle + "content").Single(c => (string?)c.Attribute("name") == "audio").Element(Rtp + "description")!;
        Assert.Contains(audio.Elements(Ssma + "source"), s => (string?)s.Attribute("ssrc") == "4017" && (string?)s.Attribute("name") == "aaaa0001-a0");
        Assert.Equal(["aaaa0001", "bbbb0002", "cccc0003"], h.Colibri.Last.Allocated);
    }

    /// <summary>Two participants while the only bridge has failed: no session, bridgeNotAvailable.</summary>
    private static async Task<SessionsHarness> WaitingForABridgeAsync()
    {
        var h = new SessionsHarness();
        h.Bridges.Find("jvb1")!.MarkFailed(h.Time.GetUtcNow());
        await h.JoinAsync("aaaa0001");
        await h.JoinAsync("bbbb0002");
        Assert.Empty(h.Sender.JingleTo("aaaa0001"));
        Assert.True(h.Sessions.WaitingForBridge);
        return h;
    }

    [Fact]
    public async Task NoBridgeMeansNoSessionUntilOneAppears()
    {
        var h = await WaitingForABridgeAsync();

        h.AddBridge("jvb2", "0.3");
        await h.Queue.RunAsync(h.Sessions.OnBridgesChangedAsync);
        await h.FlushAsync();
        Assert.Single(h.Sender.JingleTo("aaaa0001", "session-initiate"));
        Assert.Single(h.Sender.JingleTo("bbbb0002", "session-initiate"));
        Assert.Equal("jvb2", h.Colibri.Last.Bridge.Id);
        Assert.False(h.Sessions.WaitingForBridge);
    }

    [Fact]
    public async Task AFailedBridgeIsTriedAgainOnceItsFailureHasExpired()
    {
        var h = await WaitingForABridgeAsync();
        h.Time.Advance(TimeSpan.FromSeconds(50));
        await h.FlushAsync();
        Assert.Empty(h.Sender.JingleTo("aaaa0001"));

        h.Time.Advance(TimeSpan.FromSeconds(20));
        await h.FlushAsync();
        Assert.Single(h.Sender.JingleTo("aaaa0001", "session-initiate"));
        Assert.False(h.Sessions.WaitingForBridge);
    }
}
