using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;
using static Jitsi.Net.XmppComponent.Tests.Extensions.SampleElements;

namespace Jitsi.Net.XmppComponent.Tests.Extensions.Colibri2;

/// <summary>PROTOCOL.md §3.2: the allocation exchange (conference-modify with create, conference-modified).</summary>
public sealed class AllocationTests
{
    private static readonly XElement Request = ProtocolSample.Load("conference-modify-allocate");
    private static readonly XElement Response = ProtocolSample.Load("conference-modified-allocate");

    [Fact]
    public void ParsesTheRequest()
    {
        var modify = new ConferenceModifyElement(Request.Element(ConferenceModifyElement.ElementName)!);
        Assert.True(modify.TryValidate(out var reason), reason);
        Assert.Equal((MeetingId, "standup@conference.example.com", true, false), (modify.MeetingId, modify.Name, modify.Create, modify.Expire));
        Assert.Null(modify.RtcStatsEnabled);
        Assert.Empty(modify.Relays);
        var endpoint = Assert.Single(modify.Endpoints);
        Assert.Equal(("abcd1234", "Dominic-8Ep", true, false), (endpoint.Id, endpoint.StatsId, endpoint.Create, endpoint.Expire));
        Assert.Equal([Colibri2Capability.SourceNames, Colibri2Capability.SsrcRewriting], endpoint.Capabilities);
        Assert.True(endpoint.HasCapability(Colibri2Capability.SourceNames));
        Assert.False(endpoint.HasCapability(Colibri2Capability.RtpMidDemux));
        Assert.Equal([MediaType.Audio, MediaType.Video], endpoint.Media.Select(m => m.Type!.Value));
        var audio = endpoint.Media.First();
        var opus = Assert.Single(audio.PayloadTypes);
        Assert.Equal((111, "opus", 48000, 2), (opus.Id!.Value, opus.Name!, opus.ClockRate!.Value, opus.Channels!.Value));
        Assert.Equal("transport-cc", Assert.Single(opus.RtcpFeedback).Type);
        Assert.Equal([(1, AudioLevel), (5, TransportCc)], audio.HeaderExtensions.Select(h => (h.Id!.Value, h.Uri!)));
        Assert.True(audio.ExtmapAllowMixed);
        Assert.Equal("100", endpoint.Media.Last().PayloadTypes.Last().Parameter("apt"));
        var transport = endpoint.Transport!;
        Assert.Equal((true, null, null), (transport.IceControlling, transport.IceRestart, transport.UseUniquePort));
        Assert.Null(transport.IceUdp);
        Assert.Equal((null, null), (transport.Sctp!.Role, transport.Sctp.Port));
        Assert.True(endpoint.Sources!.TryGetSources("abcd1234", 20, out var sources, out reason), reason);
        Assert.True(sources.IsEmpty);
        Assert.Null(endpoint.ForceMute);
        Assert.Null(endpoint.InitialLastN);
    }

    [Fact]
    public void BuildsTheRequest()
    {
        var audio = new MediaElement(MediaType.Audio).Add(
            Opus().Add(new RtcpFeedbackElement("transport-cc")), new HeaderExtensionElement(1, AudioLevel), new HeaderExtensionElement(5, TransportCc));
        audio.ExtmapAllowMixed = true;
        var video = new MediaElement(MediaType.Video).Add(
            Vp8().Add(new RtcpFeedbackElement("nack", "pli")), Rtx(),
            new HeaderExtensionElement(3, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"));
        video.ExtmapAllowMixed = true;
        var endpoint = new EndpointElement("abcd1234", create: true, statsId: "Dominic-8Ep")
            .AddCapability(Colibri2Capability.SourceNames).AddCapability(Colibri2Capability.SsrcRewriting)
            .Add(audio, video, new TransportElement(iceControlling: true).Add(new SctpElement()), new SourcesElement());
        var modify = new ConferenceModifyElement(MeetingId, "standup@conference.example.com", create: true).Add(endpoint);

        ProtocolSample.AssertSameXml(Request, Iq(IqType.Get, null, Brewery, "cm1", modify));
    }

    [Fact]
    public void ParsesTheResponse()
    {
        var modified = new ConferenceModifiedElement(Response.Element(ConferenceModifiedElement.ElementName)!);
        var endpoint = modified.Endpoint("abcd1234")!;
        var ice = endpoint.Transport!.IceUdp!;
        Assert.Equal(("2kq4h1f", "5d2tm0ol3kq9v1r6t4a8b7c1"), (ice.Ufrag, ice.Pwd));
        Assert.True(ice.RtcpMux);
        Assert.Equal(("sha-256", "actpass", BridgeFingerprint), (ice.Fingerprint!.Hash, ice.Fingerprint.Setup, ice.Fingerprint.Value));
        Assert.Equal(("198.51.100.7", 10000), (Assert.Single(ice.Candidates).Ip, ice.Candidates.Single().Port!.Value));
        Assert.Equal(WebSocketUrl, Assert.Single(ice.WebSockets).Url);
        Assert.Equal(("server", 5000), (endpoint.Transport.Sctp!.Role, endpoint.Transport.Sctp.Port!.Value));

        Assert.True(modified.Sources!.TryGetSources("jvb", 20, out var feedback, out var reason), reason);
        Assert.Equal([("jvb-a0", MediaType.Audio, 998877u), ("jvb-v0", MediaType.Video, 2110911u)],
            feedback.Sources.Select(s => (s.Name, s.Media, s.Ssrcs.Single())));
        Assert.All(feedback.Sources, s => Assert.Equal("jvb", s.Owner));
    }

    [Fact]
    public void BuildsTheResponse()
    {
        var ice = new IceUdpTransportElement("2kq4h1f", "5d2tm0ol3kq9v1r6t4a8b7c1").Add(BridgeCandidate());
        ice.RtcpMux = true;
        ice.Add(new FingerprintElement("sha-256", "actpass", BridgeFingerprint), new WebSocketElement(WebSocketUrl));
        var builder = new EndpointSourceSet.Builder();
        Assert.True(builder.TryAddSource("jvb", MediaType.Audio, 998877, "jvb-a0", null, null, out _));
        Assert.True(builder.TryAddSource("jvb", MediaType.Video, 2110911, "jvb-v0", null, null, out _));
        Assert.True(builder.TryBuild(out var feedback, out _));
        var modified = new ConferenceModifiedElement().Add(
            new EndpointElement("abcd1234").Add(new TransportElement().Add(ice, new SctpElement("server", 5000))),
            SourcesElement.From(feedback.Sources));

        ProtocolSample.AssertSameXml(Response, Iq(IqType.Result, Brewery, null, "cm1", modified));
    }
}
