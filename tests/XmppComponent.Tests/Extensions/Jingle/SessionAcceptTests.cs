using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;
using static Jitsi.Net.XmppComponent.Tests.Extensions.SampleElements;

namespace Jitsi.Net.XmppComponent.Tests.Extensions.Jingle;

/// <summary>PROTOCOL.md §2.3: a participant's session-accept with simulcast, RTX and initial last-n.</summary>
public sealed class SessionAcceptTests
{
    private static readonly XElement Sample = ProtocolSample.Load("session-accept");

    private static JingleElement Jingle => new(Sample.Element(JingleElement.ElementName)!);

    [Fact]
    public void ParsesTheAnswer()
    {
        Assert.True(Jingle.TryValidate(out var reason), reason);
        Assert.Equal(JingleAction.SessionAccept, Jingle.Action);
        Assert.Equal(("focus@auth.example.com/focus", Alice), (Jingle.Initiator, Jingle.Responder));
        Assert.Equal(["audio", "video", "data"], Jingle.Group!.ContentNames);
        Assert.Null(Jingle.JsonMessage);
        Assert.Equal(7, Jingle.SourceCount);
        var transport = Jingle.Content("audio")!.Transport!;
        Assert.Equal(("Yx2P", "nN3qLr8vTb0sKe5wHj2uMc7a"), (transport.Ufrag, transport.Pwd));
        Assert.Equal(("sha-256", "active", ClientFingerprint), (transport.Fingerprint!.Hash, transport.Fingerprint.Setup, transport.Fingerprint.Value));
        Assert.False(transport.RtcpMux);
        var candidate = Assert.Single(transport.Candidates);
        Assert.Equal(("192.0.2.10", 50123, 2122260223L, 1), (candidate.Ip, candidate.Port!.Value, candidate.Priority!.Value, candidate.Network!.Value));
        Assert.Equal(20, Jingle.Content("video")!.InitialLastN);
        Assert.Null(Jingle.Content("audio")!.InitialLastN);
        Assert.Equal(5000, Jingle.Content("data")!.Transport!.SctpMap!.Number);
    }

    [Fact]
    public void ReadsTheParticipantsSourcesWithTheSenderAsOwner()
    {
        Assert.True(Jingle.TryGetSources("abcd1234", 20, out var sources, out var reason), reason);
        Assert.Equal(["abcd1234"], sources.Owners);
        var audio = sources.OfMedia(MediaType.Audio).Single();
        Assert.Equal(("abcd1234-a0", 4017u, "s1 a1"), (audio.Name, audio.Ssrcs.Single(), audio.Msid));
        var video = sources.OfMedia(MediaType.Video).Single();
        Assert.Equal([11u, 12u, 13u, 21u, 22u, 23u], video.Ssrcs);
        Assert.Equal(["SIM", "FID", "FID", "FID"], video.Groups.Select(g => g.Semantics));
        Assert.Equal([11u, 12u, 13u], video.Groups[0].Ssrcs);
        Assert.Equal([13u, 23u], video.Groups[3].Ssrcs);
        Assert.Equal((SourceDescription.Camera, 11u), (video.VideoType, video.PrimarySsrc));
    }

    [Fact]
    public void SourcesWithoutOwnerNeedADefault()
    {
        Assert.False(Jingle.TryGetSources(null, 20, out _, out var reason));
        Assert.Contains("without owner", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildsTheSample()
    {
        var audio = new RtpDescriptionElement("audio").Add(
            Opus().AddParameter("minptime", "10").AddParameter("useinbandfec", "1").Add(new RtcpFeedbackElement("transport-cc")),
            new HeaderExtensionElement(1, AudioLevel),
            new SourceElement(4017, "abcd1234-a0").AddParameter("msid", "s1 a1"));
        audio.RtcpMux = true;
        var video = new RtpDescriptionElement("video").Add(Vp8().Add(new RtcpFeedbackElement("nack", "pli")), Rtx());
        video.Add([.. new uint[] { 11, 12, 13, 21, 22, 23 }.Select(s => new SourceElement(s, "abcd1234-v0", "camera").AddParameter("msid", "s1 v1"))]);
        video.Add(new SourceGroupElement("SIM", [11, 12, 13]), new SourceGroupElement("FID", [11, 21]),
            new SourceGroupElement("FID", [12, 22]), new SourceGroupElement("FID", [13, 23]));
        video.RtcpMux = true;
        var audioTransport = ClientTransport().Add(ClientHostCandidate());
        var videoContent = new ContentElement("video").Add(video, ClientTransport());
        videoContent.InitialLastN = 20;
        var jingle = new JingleElement(JingleAction.SessionAccept, "7e1vj9mbn2q1", "focus@auth.example.com/focus") { Responder = Alice }.Add(
            new ContentElement("audio").Add(audio, audioTransport),
            videoContent,
            new ContentElement("data").Add(new RtpDescriptionElement("application"), ClientTransport().Add(new SctpMapElement())),
            new GroupElement(GroupElement.Bundle, "audio", "video", "data"));

        ProtocolSample.AssertSameXml(Sample, Iq(IqType.Set, Alice, FocusOccupant, "ac1", jingle));
    }
}
