using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>RTCP sender report (RFC 3550 §6.4.1): the sender's NTP/RTP timestamp pair for lip sync and RTT,
/// its counts, and reception reports. A view parsed and written on the Worker thread.</summary>
internal readonly ref struct SenderReport(uint ssrc, ulong ntpTimestamp, uint rtpTimestamp, uint packetCount, uint octetCount, ReportBlocks reportBlocks)
{
    /*  RFC 3550 §6.4.1:
                0                   1                   2                   3
                0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        header |V=2|P|    RC   |   PT=SR=200   |             length            |
               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
               |                         SSRC of sender                        |
               +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
        sender |              NTP timestamp, most significant word             |
        info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
               |             NTP timestamp, least significant word             |
               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
               |                         RTP timestamp                         |
               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
               |                     sender's packet count                     |
               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
               |                      sender's octet count                     |
               +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
               |                 report blocks (RC × 24 bytes) …               |
        Profile-specific extensions after the blocks are passed over.
    */
    private const int InfoLength = 24;

    public uint Ssrc { get; } = ssrc;

    /// <summary>64-bit NTP format: seconds since 1900 in the high word, fraction in the low word.</summary>
    public ulong NtpTimestamp { get; } = ntpTimestamp;

    public uint RtpTimestamp { get; } = rtpTimestamp;
    public uint PacketCount { get; } = packetCount;
    public uint OctetCount { get; } = octetCount;
    public ReportBlocks ReportBlocks { get; } = reportBlocks;

    /// <summary>The middle 32 bits of the NTP timestamp: what a receiver echoes as LSR (§6.4.1).</summary>
    public uint CompactNtp => (uint)(NtpTimestamp >> 16);

    public static bool TryParse(ReadOnlySpan<byte> packet, out SenderReport report)
    {
        report = default;
        if (!RtcpHeader.TryParseBody(packet, RtcpPacketType.SenderReport, out var header, out var body)
            || body.Length < InfoLength + (header.Count * ReportBlock.Size))
        {
            return false;
        }
        report = new SenderReport(
            BinaryPrimitives.ReadUInt32BigEndian(body),
            BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]),
            new ReportBlocks(body.Slice(InfoLength, header.Count * ReportBlock.Size)));
        return true;
    }

    public int GetLength() => RtcpHeader.Size + InfoLength + ReportBlocks.Bytes.Length;

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = GetLength();
        if (ReportBlocks.Count > 31 || destination.Length < written
            || !RtcpHeader.TryWrite(destination, ReportBlocks.Count, RtcpPacketType.SenderReport, written))
        {
            written = 0;
            return false;
        }
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(destination[24..], OctetCount);
        ReportBlocks.Bytes.CopyTo(destination[28..]);
        return true;
    }
}
