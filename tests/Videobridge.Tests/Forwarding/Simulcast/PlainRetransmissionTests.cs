using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Srtp;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Forwarding.Simulcast;

/// <summary>A receiver that negotiated no RTX NACKs a packet: under AES-CM SRTP the bridge resends the packet as it
/// first sent it (same SSRC, sequence number, timestamp and payload); under AES-GCM it does not (nonce reuse with
/// different header bytes), and the NACK is counted unserved.</summary>
public sealed class PlainRetransmissionTests
{
    private const uint FirstSsrc = 0x3000;

    [Theory]
    [InlineData((int)SrtpProtectionProfile.AesCm128HmacSha1_80, true)]
    [InlineData((int)SrtpProtectionProfile.AesCm128HmacSha1_32, true)]
    [InlineData((int)SrtpProtectionProfile.AeadAes128Gcm, false)]
    public void NackWithoutRtx_IsAnsweredWithTheSamePacket_OnlyUnderAesCm(int profileValue, bool served)
    {
        var profile = (SrtpProtectionProfile)profileValue;
        using var certificate = DtlsCertificate.Generate();
        using var worker = new Worker("bridge", WorkerHarness.LoopbackOptions(), certificate);
        var time = new FakeTimeProvider();
        var counters = new ForwardingCounters();
        var conference = new Conference("meeting", null, time);
        var router = new ConferenceRouter(conference.FeedbackVideoSsrc, counters, time);
        var sender = new EndpointMedia(new Endpoint(conference, "sender", null), router);
        var receiver = new EndpointMedia(new Endpoint(conference, "receiver", null), router);
        using var peer = new ConnectedPeer(worker, receiver, "receiver", profile);
        uint[] sim = [FirstSsrc, FirstSsrc + 1, FirstSsrc + 2];
        Assert.True(EndpointSourceSet.TryCreate(
            [new SourceDescription("sender", MediaType.Video, "sender-v0", sim, [new SsrcGroup(SourceGroupElement.Simulcast, sim)])],
            out var sources, out _));
        sender.Sources = SourceTable.From(sources);
        sender.VideoCodecs.Add(100, "VP8");
        receiver.Endpoint.ApplyConstraints(new(null, null, null, null, null, null));
        router.Add(sender);
        router.Add(receiver);
        router.Events.Evaluate(time.GetTimestamp());

        var random = new Random(5);
        var simulcast = new Vp8Simulcast(random, FirstSsrc);
        for (var frame = 0; frame < 10; frame++)
        {
            foreach (var packet in simulcast.NextFrame(random))
            {
                router.Route(sender, Vp8Simulcast.Rtp(packet));
            }
            time.Advance(TimeSpan.FromMilliseconds(33));
        }
        // What the receiver got, still encrypted: the fourth packet is lost on the way.
        var forwarded = peer.ReceiveRaw((int)counters.RtpForwarded);
        Assert.True(forwarded.Length > 4);
        var lost = forwarded[3];
        Assert.True(RtpPacket.TryParse(lost, out var first));
        var firstSequenceNumber = first.SequenceNumber;

        ConnectedPeer.Nack(router, receiver, FirstSsrc, firstSequenceNumber);

        Assert.Equal(served ? 1 : 0, counters.PlainRetransmissionsSent);
        Assert.Equal(served ? 1 : 0, counters.NackedPacketsServed);
        Assert.Equal(served ? 0 : 1, counters.NackedPacketsUnserved);
        Assert.Equal(0, counters.RtxSent);
        if (served)
        {
            // The same SRTP index, so under AES-CM the same keystream over the same payload: the ciphertext is equal
            // byte for byte (only the authenticated header stamps and the tag differ), and it decrypts once.
            var again = peer.ReceiveRaw(1)[0];
            Assert.True(RtpPacket.TryParse(again, out var resent));
            Assert.Equal(FirstSsrc, resent.Ssrc);
            Assert.Equal(firstSequenceNumber, resent.SequenceNumber);
            Assert.Equal(first.Timestamp, resent.Timestamp);
            Assert.Equal(first.PayloadType, resent.PayloadType);
            var tag = profile == SrtpProtectionProfile.AesCm128HmacSha1_80 ? 10 : 4;
            Assert.Equal(lost.AsSpan(first.HeaderLength, lost.Length - first.HeaderLength - tag).ToArray(),
                again.AsSpan(resent.HeaderLength, again.Length - resent.HeaderLength - tag).ToArray());
            Assert.True(peer.TryUnprotect(again, out var plain));
            Assert.True(RtpPacket.TryParse(plain, out var decrypted));
            Assert.True(Jitsi.Net.Videobridge.Rtp.Codecs.Vp8PayloadDescriptor.TryParse(decrypted.Payload, out _));
            Assert.False(peer.TryUnprotect(again, out _));
        }
    }
}
