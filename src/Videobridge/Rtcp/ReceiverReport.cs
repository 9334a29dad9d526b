using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>RTCP receiver report (RFC 3550 §6.4.2): reception statistics from a participant that sends no
/// media (or from the bridge for each stream it receives). A view parsed and written on the Worker thread.</summary>
internal readonly ref struct ReceiverReport(uint ssrc, ReportBlocks reportBlocks)
{
    /*  RFC 3550 §6.4.2:
                0                   1                   2                   3
                0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        header |V=2|P|    RC   |   PT=RR=201   |             length            |
               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
               |                     SSRC of packet sender                     |
               +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
               |                 report blocks (RC × 24 bytes) …               |
    */
    public uint Ssrc { get; } = ssrc;
    public ReportBlocks ReportBlocks { get; } = reportBlocks;

    public static bool TryParse(ReadOnlySpan<byte> packet, out ReceiverReport report)
    {
        report = default;
        if (!RtcpHeader.TryParseBody(packet, RtcpPacketType.ReceiverReport, out var header, out var body)
            || body.Length < 4 + (header.Count * ReportBlock.Size))
        {
            return false;
        }
        report = new ReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(body), new ReportBlocks(body.Slice(4, header.Count * ReportBlock.Size)));
        return true;
    }

    public int GetLength() => RtcpHeader.Size + 4 + ReportBlocks.Bytes.Length;

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = GetLength();
        if (ReportBlocks.Count > 31 || destination.Length < written
            || !RtcpHeader.TryWrite(destination, ReportBlocks.Count, RtcpPacketType.ReceiverReport, written))
        {
            written = 0;
            return false;
        }
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Ssrc);
        ReportBlocks.Bytes.CopyTo(destination[8..]);
        return true;
    }
}
