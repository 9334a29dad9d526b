using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;
using static Jitsi.Net.XmppComponent.Tests.Extensions.SampleElements;

namespace Jitsi.Net.XmppComponent.Tests.Extensions.Jingle;

/// <summary>PROTOCOL.md §2.2: the session-initiate sample with JSON sources.</summary>
public sealed class SessionInitiateTests
{
    private static readonly XElement Sample = ProtocolSample.Load("session-initiate-json");

    private static JingleElement Jingle => new(Sample.Element(JingleElement.ElementName)!);

    [Fact]
    public void ParsesTheSessionAndItsJingleChildren()
    {
        Assert.True(Jingle.TryValidate(out var reason), reason);
        Assert.Equal(JingleAction.SessionInitiate, Jingle.Action);
        Assert.Equal("7e1vj9mbn2q1", Jingle.Sid);
        Assert.Equal("focus@auth.example.com/focus", Jingle.Initiator);
        Assert.Null(Jingle.Responder);
        Assert.Equal(["audio", "video", "data"], Jingle.Contents.Select(c => c.Name));
        Assert.All(Jingle.Contents, c => Assert.Equal(("initiator", "both"), (c.Creator, c.Senders)));
        Assert.Equal(GroupElement.Bundle, Jingle.Group!.Semantics);
        Assert.Equal(["audio", "video", "data"], Jingle.Group.ContentNames);
        Assert.Equal(BridgeSessionId, Jingle.BridgeSession!.Id);
        Assert.Equal("eu-west", Jingle.BridgeSession.Region);
        Assert.Null(Jingle.BridgeSession.Restart);
        Assert.Null(Jingle.Reason);
        Assert.Equal(0, Jingle.SourceCount);
    }

    [Fact]
    public void ParsesTheAudioDescription()
    {
        var audio = Jingle.Content("audio")!.Description!;
        Assert.Equal("audio", audio.Media);
        Assert.Equal(60, audio.MaxPtime);
        Assert.Equal([(1, AudioLevel), (10, "urn:ietf:params:rtp-hdrext:sdes:mid"), (5, TransportCc)],
            audio.HeaderExtensions.Select(h => (h.Id!.Value, h.Uri!)));
        var opus = audio.PayloadTypes.First();
        Assert.Equal((111, "opus", 48000, 2), (opus.Id!.Value, opus.Name!, opus.ClockRate!.Value, opus.Channels!.Value));
        Assert.Equal([("minptime", "10"), ("useinbandfec", "1")], opus.Parameters);
        Assert.Equal("1", opus.Parameter("useinbandfec"));
        Assert.Equal("transport-cc", Assert.Single(opus.RtcpFeedback).Type);
        var dtmf = audio.PayloadTypes.Last();
        Assert.Equal((126, "telephone-event", 8000), (dtmf.Id!.Value, dtmf.Name!, dtmf.ClockRate!.Value));
        Assert.Null(dtmf.Channels);
        Assert.True(audio.ExtmapAllowMixed);
        Assert.True(audio.RtcpMux);
    }

    [Fact]
    public void ParsesTheVideoDescription()
    {
        var video = Jingle.Content("video")!.Description!;
        Assert.Equal([100, 96], video.PayloadTypes.Select(p => p.Id!.Value));
        Assert.Equal([("ccm", "fir"), ("nack", null), ("nack", "pli"), ("transport-cc", null)],
            video.PayloadTypes.First().RtcpFeedback.Select(f => (f.Type!, f.Subtype)));
        Assert.Equal("100", video.PayloadTypes.Last().Parameter("apt"));
        Assert.Equal([10, 3, 5], video.HeaderExtensions.Select(h => h.Id!.Value));
    }

    [Fact]
    public void ParsesTheBridgeTransport()
    {
        foreach (var content in Jingle.Contents)
        {
            var transport = content.Transport!;
            Assert.Equal(("2kq4h1f", "5d2tm0ol3kq9v1r6t4a8b7c1"), (transport.Ufrag, transport.Pwd));
            Assert.True(transport.RtcpMux);
            Assert.Null(transport.IceGeneration);
            var fingerprint = transport.Fingerprint!;
            Assert.Equal(("sha-256", "actpass", BridgeFingerprint), (fingerprint.Hash, fingerprint.Setup, fingerprint.Value));
            var candidate = Assert.Single(transport.Candidates);
            Assert.True(candidate.TryValidate(out var reason), reason);
            Assert.Equal((1, "1", 0, "c01", 0), (candidate.Component!.Value, candidate.Foundation, candidate.Generation!.Value, candidate.Id, candidate.Network!.Value));
            Assert.Equal(("198.51.100.7", 10000, 2130706431L, "udp", "host"), (candidate.Ip, candidate.Port!.Value, candidate.Priority!.Value, candidate.Protocol, candidate.Type));
            Assert.Null(candidate.RelAddr);
            Assert.Equal(WebSocketUrl, Assert.Single(transport.WebSockets).Url);
        }
        Assert.Null(Jingle.Content("audio")!.Transport!.SctpMap);
        var sctp = Jingle.Content("data")!.Transport!.SctpMap!;
        Assert.Equal((5000, "webrtc-datachannel", 1024), (sctp.Number!.Value, sctp.Protocol, sctp.Streams!.Value));
        Assert.Equal("application", Jingle.Content("data")!.Description!.Media);
    }

    [Fact]
    public void ParsesTheJsonSources()
    {
        Assert.True(Jingle.TryGetSources(null, 100, out var sources, out var reason), reason);
        Assert.Equal(["jvb", "bb0c9e21"], sources.Owners);
        Assert.Equal(JsonSourcesTests.ExpectedSources().Sources, sources.Sources);
    }

    [Fact]
    public void BuildsTheSample()
    {
        var audio = new RtpDescriptionElement("audio") { MaxPtime = 60 }.Add(
            new HeaderExtensionElement(1, AudioLevel),
            new HeaderExtensionElement(10, "urn:ietf:params:rtp-hdrext:sdes:mid"),
            new HeaderExtensionElement(5, TransportCc),
            Opus().AddParameter("minptime", "10").AddParameter("useinbandfec", "1").Add(new RtcpFeedbackElement("transport-cc")),
            new PayloadTypeElement(126, "telephone-event", 8000));
        audio.ExtmapAllowMixed = true;
        audio.RtcpMux = true;
        var video = new RtpDescriptionElement("video").Add(
            new HeaderExtensionElement(10, "urn:ietf:params:rtp-hdrext:sdes:mid"),
            new HeaderExtensionElement(3, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
            new HeaderExtensionElement(5, TransportCc),
            Vp8().Add(new RtcpFeedbackElement("ccm", "fir"), new RtcpFeedbackElement("nack"), new RtcpFeedbackElement("nack", "pli"),
                new RtcpFeedbackElement("transport-cc")),
            Rtx());
        video.ExtmapAllowMixed = true;
        video.RtcpMux = true;
        var jingle = new JingleElement(JingleAction.SessionInitiate, "7e1vj9mbn2q1", "focus@auth.example.com/focus").Add(
            new ContentElement("audio").Add(audio, BridgeTransport()),
            new ContentElement("video").Add(video, BridgeTransport()),
            new ContentElement("data").Add(new RtpDescriptionElement("application"), BridgeTransport().Add(new SctpMapElement())),
            new GroupElement(GroupElement.Bundle, "audio", "video", "data"),
            new BridgeSessionElement(BridgeSessionId, "eu-west"),
            new JsonMessageElement(JsonSourcesTests.ExpectedSources()));

        ProtocolSample.AssertSameXml(Sample, Iq(IqType.Set, FocusOccupant, Alice, "si1", jingle));
    }
}
