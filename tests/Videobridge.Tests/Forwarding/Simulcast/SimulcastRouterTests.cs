using System.Buffers.Binary;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using SenderReport = Jitsi.Net.Videobridge.Rtcp.SenderReport;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Rtp.Codecs;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Forwarding.Simulcast;

/// <summary>A VP8 simulcast sender (three SIM encodings with FID RTX) and a receiver on a real loopback socket: the
/// receiver gets one stream on the first SIM SSRC, the low encoding while it asks for 180p, the high one after it
/// asks for more and a key frame came, with continuous numbering; its NACKs are mapped back to the originals and
/// answered as RTX; malformed VP8 is counted and dropped.</summary>
public sealed class SimulcastRouterTests : IDisposable
{
    private const uint FirstSsrc = 0x1000;
    private static readonly uint[] Rtx = [0x2000, 0x2001, 0x2002];
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly Worker _worker;
    private readonly ConnectedPeer _peer;
    private readonly FakeTimeProvider _time = new();
    private readonly ForwardingCounters _counters = new();
    private readonly ConferenceRouter _router;
    private readonly EndpointMedia _sender;
    private readonly EndpointMedia _receiver;
    private readonly Random _random = new(3);
    private readonly Vp8Simulcast _simulcast;

    public SimulcastRouterTests()
    {
        _worker = new Worker("bridge", WorkerHarness.LoopbackOptions(), _certificate);
        var conference = new Conference("meeting", null, _time);
        _router = new ConferenceRouter(conference.FeedbackVideoSsrc, _counters, _time);
        _sender = new EndpointMedia(new Endpoint(conference, "sender", null), _router);
        _receiver = new EndpointMedia(new Endpoint(conference, "receiver", null), _router);
        _peer = new ConnectedPeer(_worker, _receiver, "receiver");

        _sender.Sources = SourceTable.From(Sources());
        _sender.VideoCodecs.Add(100, "VP8");
        _receiver.RtxPayloadTypes.Add(96, 100);
        _receiver.Endpoint.ApplyConstraints(new(null, null, null, null, null, null));
        _router.Add(_sender);
        _router.Add(_receiver);
        _simulcast = new Vp8Simulcast(_random, FirstSsrc);
    }

    public void Dispose()
    {
        _worker.Dispose();
        _peer.Dispose();
        _certificate.Dispose();
    }

    [Fact]
    public void Receiver_GetsTheLowEncodingAt180p_ThenSwitchesUpAtAKeyFrame_OnTheFirstSsrcWithContinuousNumbering()
    {
        Evaluate();
        var low = RouteFrames(20);
        Assert.NotEmpty(low);
        Assert.All(low, p => Assert.Equal(0, p.Input.Encoding));
        Evaluate();
        Assert.Contains("sender-v0", _receiver.ForwardedSources);
        var projection = _receiver.Projections[FirstSsrc];
        Assert.Equal(0, projection.TargetEncoding);

        // The receiver lifts its limit: the allocator targets the 720p encoding; the bridge asks for a key frame.
        _receiver.Endpoint.ApplyConstraints(new(null, null, null, new VideoConstraints(-1, -1), null, null));
        Evaluate();
        Assert.Equal(2, projection.TargetEncoding);
        var waiting = RouteFrames(3);
        Assert.All(waiting, p => Assert.Equal(0, p.Input.Encoding));
        Assert.True(_counters.KeyframeRequestsForSwitch >= 1);
        _simulcast.RequestKeyFrame(2);
        var high = RouteFrames(10);
        Assert.Contains(high, p => p.Input.Encoding == 2);
        Assert.True(high.First(p => p.Input.Encoding == 2).Input.KeyFrameStart);

        var all = low.Concat(waiting).Concat(high).ToList();
        Assert.All(all, p => Assert.Equal(FirstSsrc, p.Ssrc));
        for (var i = 1; i < all.Count; i++)
        {
            Assert.Equal((ushort)(all[i - 1].SequenceNumber + 1), all[i].SequenceNumber);
            Assert.True(RtpSequence.TimestampDistance(all[i - 1].Timestamp, all[i].Timestamp) >= 0);
        }
        // The receiver's picture ids keep counting across the switch.
        var switchAt = all.FindIndex(p => p.Input.Encoding == 2);
        Assert.Equal((all[switchAt - 1].PictureId + 1) & 0x7FFF, all[switchAt].PictureId);

        // A NACK names the receiver's numbers: the RTX carries that number as OSN and the 720p payload, rewritten.
        var nacked = all[switchAt + 1];
        Nack(nacked.SequenceNumber);
        var rtx = Receive(1)[0];
        Assert.True(RtpPacket.TryParse(rtx, out var packet));
        Assert.Equal(Rtx[0], packet.Ssrc);
        Assert.Equal(96, packet.PayloadType);
        Assert.Equal(nacked.Timestamp, packet.Timestamp);
        Assert.Equal(nacked.SequenceNumber, BinaryPrimitives.ReadUInt16BigEndian(packet.Payload));
        Assert.Equal(nacked.Payload, packet.Payload[2..].ToArray());
        Assert.Equal(1, _counters.NackedPacketsServed);

        // Sender reports: the one of the encoding the receiver gets arrives on the first SSRC, its RTP timestamp
        // shifted like the media; the others' are not passed on.
        var last = all[^1];
        SenderReportOf(encoding: 0, rtpTimestamp: 1234);
        SenderReportOf(encoding: 2, rtpTimestamp: last.Input.Timestamp);
        var report = _peer.Receive(1, rtcp: true)[0];
        Assert.True(SenderReport.TryParse(report, out var sr));
        Assert.Equal(FirstSsrc, sr.Ssrc);
        Assert.Equal(last.Timestamp, sr.RtpTimestamp);
        Assert.Equal(1, _counters.SenderReportsSent);
    }

    private void SenderReportOf(int encoding, uint rtpTimestamp)
    {
        var buffer = new byte[64];
        Assert.True(new SenderReport(FirstSsrc + (uint)encoding, 0xABCD_0000_0000_0000, rtpTimestamp, 10, 1000, default).TryWrite(buffer, out var length));
        _router.OnRtcp(_sender, buffer.AsSpan(0, length));
    }

    [Fact]
    public void MalformedVp8_IsCountedAndDropped()
    {
        Evaluate();
        byte[] truncated = [0x80, 100, 0, 1, 0, 0, 0, 1, 0, 0, 0x10, 0x00, 0x80, 0xE0, 0x80];
        _router.Route(_sender, truncated);
        Assert.Equal(1, _counters.DroppedMalformed);
        Assert.Equal(0, _counters.RtpForwarded);
    }

    private void Evaluate() => _router.Events.Evaluate(_time.GetTimestamp());

    private sealed record Received(Vp8Packet Input, uint Ssrc, ushort SequenceNumber, uint Timestamp, int PictureId, byte[] Payload);

    /// <summary>Routes <paramref name="frames"/> frames of all encodings; returns what the receiver got, each with the
    /// input it came from (matched by payload).</summary>
    private List<Received> RouteFrames(int frames)
    {
        var inputs = new List<Vp8Packet>();
        var before = _counters.RtpForwarded;
        for (var frame = 0; frame < frames; frame++)
        {
            foreach (var packet in _simulcast.NextFrame(_random))
            {
                inputs.Add(packet);
                _router.Route(_sender, Vp8Simulcast.Rtp(packet));
            }
            _time.Advance(TimeSpan.FromMilliseconds(33));
        }
        var count = (int)(_counters.RtpForwarded - before);
        var received = new List<Received>();
        var next = 0;
        foreach (var datagram in Receive(count))
        {
            Assert.True(RtpPacket.TryParse(datagram, out var rtp));
            Assert.True(Vp8PayloadDescriptor.TryParse(rtp.Payload, out var descriptor));
            // The inputs went out in order; find the one this is (same payload but for the rewritten id fields).
            while (!SamePayloadBody(inputs[next].Payload, rtp.Payload))
            {
                next++;
            }
            received.Add(new Received(inputs[next++], rtp.Ssrc, rtp.SequenceNumber, rtp.Timestamp, descriptor.PictureId, rtp.Payload.ToArray()));
        }
        return received;
    }

    private static bool SamePayloadBody(byte[] input, ReadOnlySpan<byte> output) =>
        input.Length == output.Length && input[0] == output[0] && input[5] == output[5] && input.AsSpan(6).SequenceEqual(output[6..]);

    private void Nack(ushort sequenceNumber) => ConnectedPeer.Nack(_router, _receiver, FirstSsrc, sequenceNumber);

    private byte[][] Receive(int count) => _peer.Receive(count);

    private static EndpointSourceSet Sources()
    {
        uint[] sim = [FirstSsrc, FirstSsrc + 1, FirstSsrc + 2];
        List<SsrcGroup> groups = [new(SourceGroupElement.Simulcast, sim), .. sim.Select((s, i) => new SsrcGroup(SourceGroupElement.FlowId, [s, Rtx[i]]))];
        Assert.True(EndpointSourceSet.TryCreate(
            [new SourceDescription("sender", MediaType.Video, "sender-v0", [.. sim, .. Rtx], groups)], out var sources, out _));
        return sources;
    }
}
