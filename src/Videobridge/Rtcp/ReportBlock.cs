using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>One reception report block (RFC 3550 §6.4.1), carried by sender and receiver reports.
/// A value; read and written on the Worker thread.</summary>
internal readonly record struct ReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /*  RFC 3550 §6.4.1:
         0                   1                   2                   3
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
        |                 SSRC_n (SSRC of the source)                   |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        | fraction lost |       cumulative number of packets lost       |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |           extended highest sequence number received           |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                      interarrival jitter                      |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                         last SR (LSR)                         |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                   delay since last SR (DLSR)                  |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    */
    public const int Size = 24;

    /// <summary>The cumulative loss is 24-bit signed: duplicates can make it negative (§6.4.1).</summary>
    public const int MaxCumulativeLost = 0x7FFFFF;

    public static bool TryParse(ReadOnlySpan<byte> buffer, out ReportBlock block)
    {
        if (buffer.Length < Size)
        {
            block = default;
            return false;
        }
        var lost = (buffer[5] << 16) | (buffer[6] << 8) | buffer[7];
        block = new ReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(buffer),
            buffer[4],
            (lost << 8) >> 8,
            BinaryPrimitives.ReadUInt32BigEndian(buffer[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(buffer[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(buffer[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(buffer[20..]));
        return true;
    }

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = 0;
        if (destination.Length < Size)
        {
            return false;
        }
        var lost = Math.Clamp(CumulativeLost, -MaxCumulativeLost - 1, MaxCumulativeLost);
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        destination[4] = FractionLost;
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
        written = Size;
        return true;
    }
}
