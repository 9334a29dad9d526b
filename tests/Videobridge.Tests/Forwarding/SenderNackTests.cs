using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Tests.Transport.Srtp;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Microsoft.Extensions.Time.Testing;
using GenericNack = Jitsi.Net.Videobridge.Rtcp.GenericNack;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary>NACKs toward a sender on a real loopback socket (RFC 4585 §6.2.1: what its peer decrypts and parses, per
/// simulcast layer), and the sender's RTX (RFC 4588 §4) unwrapped into the original bytes and forwarded once, with
/// duplicates, late originals and padding dropped and counted.</summary>
public sealed class SenderNackTests : IDisposable
{
    private const uint Layer0 = 0x0B00;
    private const uint Layer1 = 0x0B01;
    private const uint Rtx0 = 0x0C00;
    private const uint Rtx1 = 0x0C01;
    private const byte VideoPt = 100;
    private const byte RtxPt = 96;
    private readonly ConnectedEndpoint _connected;
    private readonly FakeTimeProvider _time = new();
    private readonly ForwardingCounters _counters = new();
    private readonly Conference _conference;
    private readonly ConferenceRouter _router;
    private readonly EndpointMedia _sender;
    private readonly EndpointMedia _receiver;
    private int _reads;

    public SenderNackTests()
    {
        _conference = new Conference("meeting", null, _time);
        _router = new ConferenceRouter(_conference.FeedbackVideoSsrc, _counters, _time);
        _sender = new EndpointMedia(new Endpoint(_conference, "sender", null), _router);
        _receiver = new EndpointMedia(new Endpoint(_conference, "receiver", null), _router) { TransportCcId = 5 };
        _connected = new ConnectedEndpoint(_sender, _receiver);

        Assert.True(EndpointSourceSet.TryCreate(
            [new SourceDescription("sender", MediaType.Video, "sender-v0", [Layer0, Layer1, Rtx0, Rtx1],
                [new SsrcGroup(SourceGroupElement.Simulcast, [Layer0, Layer1]), new SsrcGroup(SourceGroupElement.FlowId, [Layer0, Rtx0]),
                 new SsrcGroup(SourceGroupElement.FlowId, [Layer1, Rtx1])])],
            out var sources, out _));
        _sender.Sources = SourceTable.From(sources);
        _sender.RtxPayloadTypes.Add(RtxPt, VideoPt);
        _receiver.Endpoint.ApplyConstraints(new(null, null, null, null, null, null));
        _router.Add(_sender);
        _router.Add(_receiver);
        _router.Events.Evaluate(_time.GetTimestamp());
    }

    public void Dispose() => _connected.Dispose();

    [Fact]
    public void Gaps_AreNackedPerLayer_WithPackedPidAndBlp_AndRecoveredFromRtxByteExact()
    {
        // Layer 0 loses 105, 106 and 120; layer 1 loses 501.
        var originals = new Dictionary<ushort, byte[]>();
        foreach (var sequenceNumber in Enumerable.Range(100, 22).Where(s => s is not (105 or 106 or 120)))
        {
            Send(Layer0, (ushort)sequenceNumber);
        }
        foreach (var sequenceNumber in Enumerable.Range(100, 22))
        {
            originals[(ushort)sequenceNumber] = Original(Layer0, (ushort)sequenceNumber);
        }
        Send(Layer1, 500);
        Send(Layer1, 502);
        Send(Layer1, 503);
        var forwarded = ForwardedCount();

        Tick(20);
        var nacks = ReceiveNacks(2);
        Assert.All(nacks, n => Assert.Equal(_conference.FeedbackVideoSsrc, n.SenderSsrc));
        // RFC 4585 §6.2.1: 105 with BLP bit 0 (106) and bit 14 (120) in one word.
        Assert.Equal(Fci(105, 0x4001), nacks.Single(n => n.MediaSsrc == Layer0).Fci);
        Assert.Equal(Fci(501, 0), nacks.Single(n => n.MediaSsrc == Layer1).Fci);
        Assert.Equal(2, _counters.NacksSent);
        Assert.Equal(4, _counters.SenderPacketsNacked);

        // The sender retransmits 105 on its RTX SSRC: unwrapped to the original bytes and forwarded once.
        var rtx = Retransmission(originals[105], Rtx0, 7);
        _router.Route(_sender, rtx.ToArray());
        Assert.Equal(1, _counters.SenderRtxRecovered);
        Assert.True(_router.Cache.TryGet(Layer0, 105, _time.GetTimestamp(), out var cached));
        Assert.Equal(originals[105], cached.ToArray());
        Assert.Equal(forwarded + 1, ForwardedCount());

        // The same retransmission again, and the late original: neither is forwarded a second time.
        _router.Route(_sender, rtx.ToArray());
        Assert.Equal(1, _counters.DroppedRtxDuplicate);
        _router.Route(_sender, originals[105].ToArray());
        Assert.Equal(1, _counters.DroppedDuplicate);
        // A retransmission the bridge never asked for (probing with an old packet) is not forwarded either.
        _router.Route(_sender, Retransmission(originals[104], Rtx0, 8));
        Assert.Equal(2, _counters.DroppedRtxDuplicate);
        // Padding-only RTX repairs nothing.
        _router.Route(_sender, Padding(Rtx0, 9));
        Assert.Equal(1, _counters.DroppedRtx);
        Assert.Equal(forwarded + 1, ForwardedCount());

        // Layer 1's retransmission closes its gap too (the layer itself is not forwarded yet).
        _router.Route(_sender, Retransmission(Original(Layer1, 501), Rtx1, 1));
        Assert.Equal(2, _counters.SenderRtxRecovered);
        Assert.Equal(4, _counters.DroppedSimulcastLayer);

        // Before the retry interval nothing is repeated; after it only what is still missing.
        Tick(60);
        Assert.Equal(2, _counters.NacksSent);
        Tick(60);
        var retry = ReceiveNacks(1).Single();
        Assert.Equal(Layer0, retry.MediaSsrc);
        Assert.Equal(Fci(106, 0x2000), retry.Fci);
    }

    [Fact]
    public void EachGap_IsNackedThreeTimesAtMost_AndNotAfterASecond()
    {
        Send(Layer0, 1);
        Send(Layer0, 3);
        Send(Layer0, 4);
        for (var i = 0; i < 60; i++)
        {
            Tick(20);
        }
        Assert.Equal(3, _counters.NacksSent);
        Assert.All(ReceiveNacks(3), n => Assert.Equal(Fci(2, 0), n.Fci));
        Assert.Equal(0, _sender.Losses[Layer0].Missing);
        // Given up: a retransmission now is too late and dropped.
        _router.Route(_sender, Retransmission(Original(Layer0, 2), Rtx0, 1));
        Assert.Equal(0, _counters.SenderRtxRecovered);
        Assert.Equal(1, _counters.DroppedRtxDuplicate);
    }

    [Fact]
    public void MalformedRtx_IsCountedAndDropped_NeverThrown()
    {
        Send(Layer0, 1);
        Send(Layer0, 3);
        var good = Retransmission(Original(Layer0, 2), Rtx0, 1);
        // One payload byte: not even an OSN.
        var shortRtx = good[..13];
        // An RTX payload type the sender never mapped to an original.
        var unknownType = good.ToArray();
        unknownType[1] = 97;
        // A header that claims more CSRCs than the packet holds.
        var truncated = good[..12];
        truncated[0] |= 0x0F;

        _router.Route(_sender, shortRtx);
        _router.Route(_sender, unknownType);
        _router.Route(_sender, truncated);

        Assert.Equal(2, _counters.DroppedRtx);
        Assert.Equal(1, _counters.DroppedUnparsable);
        Assert.Equal(0, _counters.SenderRtxRecovered);
        Assert.True(_sender.Losses[Layer0].IsMissing(2));
        _router.Route(_sender, good);
        Assert.Equal(1, _counters.SenderRtxRecovered);
    }

    [Fact]
    public void ForceMutedVideo_IsNotNacked()
    {
        _sender.VideoMuted = true;
        Send(Layer0, 1);
        Send(Layer0, 3);
        Send(Layer0, 4);
        Tick(20);

        Assert.Equal(1, _sender.Losses[Layer0].Missing);
        Assert.Equal(0, _counters.NacksSent);
        Assert.Equal(3, _counters.DroppedForceMuted);
    }

    [Fact]
    public void LossTracking_AndRtxRecovery_AllocateNothingPerPacket()
    {
        // Every fourth packet is lost; its RTX comes two packets later.
        var originals = Enumerable.Range(0, 800).Select(i => Original(Layer0, (ushort)i)).ToArray();
        var retransmissions = originals.Select((o, i) => Retransmission(o, Rtx0, (ushort)i)).ToArray();
        var buffer = new byte[1600];
        void Route(byte[] packet)
        {
            packet.CopyTo(buffer, 0);
            _router.Route(_sender, buffer.AsSpan(0, packet.Length));
        }
        void Run(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                if (i % 4 != 3)
                {
                    Route(originals[i]);
                }
                if (i >= 2 && (i - 2) % 4 == 3)
                {
                    Route(retransmissions[i - 2]);
                }
            }
        }

        Run(0, 400);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(400, 800);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(199, _counters.SenderRtxRecovered);
        Assert.Equal(0, _counters.DroppedDuplicate);
    }

    private static byte[] Fci(ushort pid, ushort blp) => [(byte)(pid >> 8), (byte)pid, (byte)(blp >> 8), (byte)blp];

    private static byte[] Original(uint ssrc, ushort sequenceNumber)
    {
        var packet = SrtpPackets.Rtp(ssrc, sequenceNumber, 200 + (sequenceNumber % 7));
        packet[1] = VideoPt;
        packet[12] = (byte)sequenceNumber;
        return packet;
    }

    private void Send(uint ssrc, ushort sequenceNumber) => _router.Route(_sender, Original(ssrc, sequenceNumber));

    private static byte[] Retransmission(byte[] original, uint rtxSsrc, ushort rtxSequence)
    {
        Assert.True(RtpPacket.TryParse(original, out var parsed));
        var buffer = new byte[1600];
        Assert.True(Rtx.TryWrap(parsed, buffer, rtxSsrc, RtxPt, rtxSequence, out var length));
        return buffer[..length];
    }

    /// <summary>An RTX packet of padding only (RFC 3550 §5.1 P bit, the last byte the padding count).</summary>
    private static byte[] Padding(uint rtxSsrc, ushort rtxSequence)
    {
        var packet = SrtpPackets.Rtp(rtxSsrc, rtxSequence, 0);
        packet[1] = RtxPt;
        packet[0] |= 0x20;
        return [.. packet, 0, 0, 0, 4];
    }

    /// <summary>Packets sent toward the receiver so far (reading its transport-wide counter moves it by one).</summary>
    private int ForwardedCount() => _receiver.NextTransportSequence() - _reads++;

    private void Tick(int milliseconds)
    {
        _time.Advance(TimeSpan.FromMilliseconds(milliseconds));
        _router.Timer();
    }

    /// <summary>Pumps until <paramref name="count"/> NACKs arrived at the sender's peer (other RTCP, such as the
    /// bridge's receiver reports, is skipped); returns them.</summary>
    private List<(uint SenderSsrc, uint MediaSsrc, byte[] Fci)> ReceiveNacks(int count)
    {
        var nacks = new List<(uint, uint, byte[])>();
        Assert.True(_connected.PumpUntil(() =>
        {
            foreach (var datagram in _connected.Peer.Received)
            {
                Assert.True(_connected.PeerReceive.TryUnprotectRtcp(datagram, out var length, out _));
                if (GenericNack.TryParse(datagram.AsSpan(0, length), out var nack))
                {
                    nacks.Add((nack.SenderSsrc, nack.MediaSsrc, nack.Fci.ToArray()));
                }
            }
            _connected.Peer.Received.Clear();
            return nacks.Count >= count;
        }));
        return nacks;
    }
}
