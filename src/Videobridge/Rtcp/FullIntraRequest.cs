using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>Full Intra Request (RFC 5104 §4.3.1): asks each listed media sender for a decoder refresh point.
/// The command sequence number lets a sender ignore repeats of a request it has already served.
/// A view parsed and written on the Worker thread.</summary>
internal readonly ref struct FullIntraRequest(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
{
    /*  RFC 5104 §4.3.1.1, after the common feedback header (PT=PSFB FMT=4, media SSRC unused: 0),
        one FCI entry per target:
         0                   1                   2                   3
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                              SSRC                             |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        | Seq nr.       |    Reserved                                   |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    */
    public const int EntrySize = 8;

    public uint SenderSsrc { get; } = senderSsrc;
    public uint MediaSsrc { get; } = mediaSsrc;
    public ReadOnlySpan<byte> Fci { get; } = fci;
    public int Count => Fci.Length / EntrySize;

    public uint GetSsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(Fci[(index * EntrySize)..]);

    public byte GetSequenceNumber(int index) => Fci[(index * EntrySize) + 4];

    /// <summary>The command sequence number addressed to <paramref name="ssrc"/>, if any.</summary>
    public bool TryGetSequenceNumber(uint ssrc, out byte sequenceNumber)
    {
        for (var i = 0; i < Count; i++)
        {
            if (GetSsrc(i) == ssrc)
            {
                sequenceNumber = GetSequenceNumber(i);
                return true;
            }
        }
        sequenceNumber = 0;
        return false;
    }

    public static bool TryParse(ReadOnlySpan<byte> packet, out FullIntraRequest fir)
    {
        fir = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.PayloadFeedback, RtcpPacketType.FmtFullIntraRequest, out var sender, out var media, out var fci)
            || fci.IsEmpty || fci.Length % EntrySize != 0)
        {
            return false;
        }
        fir = new FullIntraRequest(sender, media, fci);
        return true;
    }

    public int GetLength() => RtcpFeedback.HeaderLength + Fci.Length;

    public bool TryWrite(Span<byte> destination, out int written) =>
        RtcpFeedback.TryWrite(destination, RtcpPacketType.PayloadFeedback, RtcpPacketType.FmtFullIntraRequest, SenderSsrc, MediaSsrc, Fci, out written);

    /// <summary>Writes a FIR with one entry: the usual request the bridge sends to one sender.</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint targetSsrc, byte sequenceNumber, out int written)
    {
        written = RtcpFeedback.HeaderLength + EntrySize;
        if (!RtcpFeedback.TryWriteHeader(destination, RtcpPacketType.PayloadFeedback, RtcpPacketType.FmtFullIntraRequest, senderSsrc, 0, EntrySize))
        {
            written = 0;
            return false;
        }
        BinaryPrimitives.WriteUInt32BigEndian(destination[RtcpFeedback.HeaderLength..], targetSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[(RtcpFeedback.HeaderLength + 4)..], (uint)sequenceNumber << 24);
        return true;
    }
}
