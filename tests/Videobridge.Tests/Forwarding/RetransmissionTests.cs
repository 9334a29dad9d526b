using System.Buffers.Binary;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Rtcp;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Tests.Transport.Srtp;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary>NACKs served from the conference's retransmission cache (RFC 4585 §6.2.1) as RTX (RFC 4588 §4).</summary>
public sealed class RetransmissionTests
{
    private const long Frequency = 1_000_000;

    [Fact]
    public void NackedPacket_IsServedAsRtx_WithTheOriginalByteExactInside()
    {
        var cache = new RetransmissionCache(Frequency, capacity: 16);
        var packets = Enumerable.Range(0, 10).Select(i => SrtpPackets.Rtp(0x1111, (ushort)(500 + i), 100 + i)).ToArray();
        foreach (var packet in packets)
        {
            cache.Insert(0x1111, BinaryPrimitives.ReadUInt16BigEndian(packet.AsSpan(2)), packet, now: 0);
        }
        var nack = new byte[64];
        Assert.True(GenericNack.TryWrite(nack, 0xAAAA, 0x1111, [503, 505], out var nackLength));
        Assert.True(GenericNack.TryParse(nack.AsSpan(0, nackLength), out var parsed));
        var served = new List<ushort>();
        foreach (var sequenceNumber in parsed)
        {
            served.Add(sequenceNumber);
        }
        Assert.Equal([503, 505], served);

        Assert.True(cache.TryGet(0x1111, 503, now: 10, out var cached));
        Assert.True(RtpPacket.TryParse(cached, out var original));
        var wrapped = new byte[1600];
        Assert.True(RtcpTermination.TryWriteRetransmission(original, 0x2222, 97, 42, wrapped, out var rtxLength));
        Assert.True(RtpPacket.TryParse(wrapped.AsSpan(0, rtxLength), out var rtx));
        Assert.Equal(0x2222u, rtx.Ssrc);
        Assert.Equal(97, rtx.PayloadType);
        Assert.Equal(42, rtx.SequenceNumber);
        Assert.Equal(original.Timestamp, rtx.Timestamp);
        // RFC 4588 §4: OSN first, then the original payload.
        Assert.Equal(503, BinaryPrimitives.ReadUInt16BigEndian(rtx.Payload));
        Assert.Equal(packets[3][12..], rtx.Payload[2..].ToArray());
        var unwrapped = new byte[1600];
        Assert.True(Rtx.TryUnwrap(rtx, unwrapped, 0x1111, 96, out var unwrappedLength));
        Assert.Equal(packets[3], unwrapped[..unwrappedLength]);
    }

    [Fact]
    public void EvictedOrStalePackets_AreNotServed()
    {
        var cache = new RetransmissionCache(Frequency, capacity: 4);
        for (var i = 0; i < 6; i++)
        {
            cache.Insert(9, (ushort)i, SrtpPackets.Rtp(9, (ushort)i, 10), now: i);
        }
        Assert.False(cache.TryGet(9, 0, now: 10, out _));
        Assert.False(cache.TryGet(9, 1, now: 10, out _));
        Assert.True(cache.TryGet(9, 2, now: 10, out _));
        Assert.True(cache.TryGet(9, 5, now: 10, out _));
        Assert.False(cache.TryGet(8, 5, now: 10, out _));
        // Older than a second on the bridge's clock.
        Assert.False(cache.TryGet(9, 5, now: 5 + Frequency + 1, out _));
    }

    [Fact]
    public void SenderReport_IsTranslatedWithTheSendersMappingAndTheBridgesCounts()
    {
        Span<byte> blocks = stackalloc byte[ReportBlock.Size];
        var incoming = new SenderReport(0x1111, 0xE8F0_1234_8000_0000UL, 987_654, 5000, 1_000_000,
            ReportBlocks.Write([new ReportBlock(0xAAAA, 1, 2, 3, 4, 5, 6)], blocks));
        var bytes = new byte[100];
        Assert.True(incoming.TryWrite(bytes, out var length));
        Assert.True(SenderReport.TryParse(bytes.AsSpan(0, length), out var parsed));
        var buffer = new byte[100];

        Assert.True(RtcpTermination.TryTranslate(parsed, packetsSent: 42, octetsSent: (1L << 32) + 7, buffer, out var written));

        Assert.True(SenderReport.TryParse(buffer.AsSpan(0, written), out var translated));
        Assert.Equal(0x1111u, translated.Ssrc);
        Assert.Equal(0xE8F0_1234_8000_0000UL, translated.NtpTimestamp);
        Assert.Equal(987_654u, translated.RtpTimestamp);
        Assert.Equal(42u, translated.PacketCount);
        Assert.Equal(7u, translated.OctetCount);
        Assert.Equal(0, translated.ReportBlocks.Count);
    }

    [Fact]
    public void RtxPayloadTypes_MapBothWays()
    {
        var types = new RtxPayloadTypes();
        types.Add(96, 100);
        Assert.True(types.TryGetRtx(100, out var rtx));
        Assert.Equal(96, rtx);
        Assert.True(types.TryGetOriginal(96, out var original));
        Assert.Equal(100, original);
        Assert.False(types.TryGetRtx(111, out _));
    }
}
