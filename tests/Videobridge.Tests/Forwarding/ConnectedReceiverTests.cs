using System.Buffers.Binary;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Tests.Transport.Srtp;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary>What a receiver on a real loopback socket gets from the conference's packet path: the bridge's own
/// transport-wide numbering, continuous per receiver and across retransmissions, abs-send-time, and NACKed packets
/// resent from the cache as RTX with the original sequence number (RFC 4588 §4) once the receiver has RTX.</summary>
public sealed class ConnectedReceiverTests : IDisposable
{
    private const uint Video = 0x0B0B;
    private const uint VideoRtx = 0x0C0C;
    private const byte TransportCcId = 5;
    private const byte AbsSendTimeId = 3;
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly Worker _worker;
    private readonly ConnectedPeer _peer;
    private readonly ForwardingCounters _counters = new();
    private readonly ConferenceRouter _router;
    private readonly EndpointMedia _sender;
    private readonly EndpointMedia _receiver;

    public ConnectedReceiverTests()
    {
        _worker = new Worker("bridge", WorkerHarness.LoopbackOptions(), _certificate);
        var time = new FakeTimeProvider();
        var conference = new Conference("meeting", null, time);
        _router = new ConferenceRouter(conference.FeedbackVideoSsrc, _counters, time);
        _sender = new EndpointMedia(new Endpoint(conference, "sender", null), _router);
        _receiver = new EndpointMedia(new Endpoint(conference, "receiver", null), _router);
        _peer = new ConnectedPeer(_worker, _receiver, "receiver");

        Assert.True(EndpointSourceSet.TryCreate(
            [new SourceDescription("sender", MediaType.Video, "sender-v0", [Video, VideoRtx], [new SsrcGroup(SourceGroupElement.FlowId, [Video, VideoRtx])])],
            out var sources, out _));
        _sender.Sources = SourceTable.From(sources);
        _receiver.TransportCcId = TransportCcId;
        _receiver.AbsSendTimeId = AbsSendTimeId;
        _receiver.Endpoint.ApplyConstraints(new(null, null, null, null, null, null));
        _router.Add(_sender);
        _router.Add(_receiver);
        _router.Events.Evaluate(time.GetTimestamp());
    }

    public void Dispose()
    {
        _worker.Dispose();
        _peer.Dispose();
        _certificate.Dispose();
    }

    [Fact]
    public void ForwardedAndRetransmittedPackets_CarryContinuousTransportNumbers_AndNackIsServedAsRtx()
    {
        var originals = Enumerable.Range(0, 20).Select(i => SrtpPackets.Rtp(Video, (ushort)(100 + i), 300 + i)).ToArray();
        foreach (var original in originals)
        {
            original[1] = 100;
            _router.Route(_sender, original.ToArray());
        }
        var forwarded = Receive(20);
        for (var i = 0; i < 20; i++)
        {
            Assert.True(RtpPacket.TryParse(forwarded[i], out var packet));
            Assert.Equal(100 + i, packet.SequenceNumber);
            Assert.Equal(i, TransportSequence(packet));
            Assert.True(packet.TryGetExtension(AbsSendTimeId, out var sendTime));
            Assert.Equal(AbsSendTimeExtension.Length, sendTime.Length);
            Assert.Equal(originals[i][12..], packet.Payload.ToArray());
        }

        // Without RTX negotiated the NACK is not served: a plain resend would reuse an SRTP index.
        Nack(105);
        Assert.Equal(1, _counters.NackedPacketsUnserved);

        _receiver.RtxPayloadTypes.Add(96, 100);
        Nack(106);
        Assert.True(RtpPacket.TryParse(Receive(1)[0], out var rtx));
        Assert.Equal(20, TransportSequence(rtx));
        Assert.Equal(VideoRtx, rtx.Ssrc);
        Assert.Equal(96, rtx.PayloadType);
        Assert.Equal(0, rtx.SequenceNumber);
        Assert.Equal(106, BinaryPrimitives.ReadUInt16BigEndian(rtx.Payload));
        Assert.Equal(originals[6][12..], rtx.Payload[2..].ToArray());
        Assert.Equal(1, _counters.NackedPacketsServed);
        Assert.Equal(1, _counters.RtxSent);
    }

    [Fact]
    public void ProbeCluster_IsPaddingOnlyRtxWithTransportNumbers()
    {
        _receiver.RtxPayloadTypes.Add(96, 100);
        var original = SrtpPackets.Rtp(Video, 100, 300);
        original[1] = 100;
        _router.Route(_sender, original);
        Receive(1);

        _router.Prober.OnTimer();

        var sent = (int)_counters.ProbePacketsSent;
        Assert.Equal(1, _counters.ProbeClustersSent);
        // The first tick of a cluster at twice the 1 Mbps start: 2 Mbps × 10 ms of 267-byte padding packets.
        Assert.Equal(10, sent);
        var padding = Receive(sent);
        for (var i = 0; i < sent; i++)
        {
            Assert.True(RtpPacket.TryParse(padding[i], out var packet));
            Assert.Equal(VideoRtx, packet.Ssrc);
            Assert.Equal(96, packet.PayloadType);
            Assert.Equal(i, packet.SequenceNumber);
            Assert.Equal(1 + i, TransportSequence(packet));
            Assert.Equal(0x20, padding[i][0] & 0x20);
            Assert.Equal(255, padding[i][^1]);
            Assert.True(packet.Payload.IsEmpty);
        }
        Assert.Equal(1 + sent, _receiver.Bandwidth.History.Count);
    }

    private void Nack(ushort sequenceNumber) => ConnectedPeer.Nack(_router, _receiver, Video, sequenceNumber);

    private byte[][] Receive(int count) => _peer.Receive(count);

    private static int TransportSequence(in RtpPacket packet)
    {
        Assert.True(packet.TryGetExtension(TransportCcId, out var value));
        Assert.True(TransportSequenceNumberExtension.TryParse(value, out var sequenceNumber));
        return sequenceNumber;
    }
}
