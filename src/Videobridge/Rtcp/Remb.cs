using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>Receiver Estimated Maximum Bitrate (draft-alvestrand-rmcat-remb-03 §2.2): an application-layer
/// PSFB message carrying the receiver's bitrate estimate for the listed SSRCs, as an 18-bit mantissa times
/// a power of two. A view parsed and written on the Worker thread.</summary>
internal readonly ref struct Remb
{
    /*  draft-alvestrand-rmcat-remb-03 §2.2:
         0                   1                   2                   3
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |V=2|P| FMT=15  |   PT=206      |             length            |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                  SSRC of packet sender                        |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                  SSRC of media source (0)                     |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |  Unique identifier 'R' 'E' 'M' 'B'                            |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |  Num SSRC     | BR Exp    |  BR Mantissa                      |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |   SSRC feedback                                               |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |  ...                                                          |
    */
    private const uint Identifier = 0x52454D42; // "REMB"
    private const int MaxMantissa = 0x3FFFF;

    private Remb(uint senderSsrc, int exponent, int mantissa, SsrcList ssrcs)
    {
        SenderSsrc = senderSsrc;
        Exponent = exponent;
        Mantissa = mantissa;
        Ssrcs = ssrcs;
    }

    /// <summary>An estimate of <paramref name="bitrateBps"/>, rounded down to what 18 bits of mantissa hold.</summary>
    public Remb(uint senderSsrc, ulong bitrateBps, SsrcList ssrcs)
    {
        var exponent = 0;
        while ((bitrateBps >> exponent) > MaxMantissa)
        {
            exponent++;
        }
        SenderSsrc = senderSsrc;
        Exponent = exponent;
        Mantissa = (int)(bitrateBps >> exponent);
        Ssrcs = ssrcs;
    }

    public uint SenderSsrc { get; }
    public int Exponent { get; }
    public int Mantissa { get; }
    public SsrcList Ssrcs { get; }

    /// <summary>Mantissa × 2^exponent, saturating: a 6-bit exponent can overflow 64 bits.</summary>
    public ulong BitrateBps => Exponent > 46 ? ulong.MaxValue : (ulong)Mantissa << Exponent;

    public static bool TryParse(ReadOnlySpan<byte> packet, out Remb remb)
    {
        remb = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.PayloadFeedback, RtcpPacketType.FmtApplicationLayer, out var sender, out _, out var fci)
            || fci.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(fci) != Identifier || fci.Length < 8 + (4 * fci[4]))
        {
            return false;
        }
        var word = BinaryPrimitives.ReadUInt32BigEndian(fci[4..]);
        remb = new Remb(sender, (int)((word >> 18) & 0x3F), (int)(word & MaxMantissa), new SsrcList(fci.Slice(8, 4 * fci[4])));
        return true;
    }

    public int GetLength() => RtcpFeedback.HeaderLength + 8 + Ssrcs.Bytes.Length;

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = GetLength();
        if (Ssrcs.Count > 255 || Exponent is < 0 or > 63 || Mantissa is < 0 or > MaxMantissa
            || !RtcpFeedback.TryWriteHeader(destination, RtcpPacketType.PayloadFeedback, RtcpPacketType.FmtApplicationLayer, SenderSsrc, 0, written - RtcpFeedback.HeaderLength))
        {
            written = 0;
            return false;
        }
        var fci = destination[RtcpFeedback.HeaderLength..];
        BinaryPrimitives.WriteUInt32BigEndian(fci, Identifier);
        BinaryPrimitives.WriteUInt32BigEndian(fci[4..], ((uint)Ssrcs.Count << 24) | ((uint)Exponent << 18) | (uint)Mantissa);
        Ssrcs.Bytes.CopyTo(fci[8..]);
        return true;
    }
}
