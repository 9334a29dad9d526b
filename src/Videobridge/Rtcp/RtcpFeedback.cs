using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>The common packet format of RTP/AVPF feedback messages (RFC 4585 §6.1), shared by NACK, PLI, FIR,
/// REMB and transport-cc: header, sender SSRC, media source SSRC, then the FCI. Stateless; Worker thread.</summary>
internal static class RtcpFeedback
{
    /*  RFC 4585 §6.1:
         0                   1                   2                   3
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |V=2|P|   FMT   |       PT      |          length               |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                  SSRC of packet sender                        |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                  SSRC of media source                         |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        :            Feedback Control Information (FCI)                 :
    */
    public const int HeaderLength = RtcpHeader.Size + 8;

    public static bool TryParse(ReadOnlySpan<byte> packet, byte packetType, int fmt, out uint senderSsrc, out uint mediaSsrc, out ReadOnlySpan<byte> fci)
    {
        senderSsrc = 0;
        mediaSsrc = 0;
        fci = default;
        if (!RtcpHeader.TryParseBody(packet, packetType, out var header, out var body) || header.Count != fmt || body.Length < 8)
        {
            return false;
        }
        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        fci = body[8..];
        return true;
    }

    /// <summary>Writes a whole message: header, SSRCs and <paramref name="fci"/>, zero-padded to 32 bits.</summary>
    public static bool TryWrite(Span<byte> destination, byte packetType, int fmt, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci, out int written)
    {
        var fciLength = (fci.Length + 3) & ~3;
        written = HeaderLength + fciLength;
        if (!TryWriteHeader(destination, packetType, fmt, senderSsrc, mediaSsrc, fciLength))
        {
            written = 0;
            return false;
        }
        fci.CopyTo(destination[HeaderLength..]);
        destination[(HeaderLength + fci.Length)..written].Clear();
        return true;
    }

    /// <summary>Writes header and both SSRCs for a message whose FCI is <paramref name="fciLength"/> bytes.</summary>
    public static bool TryWriteHeader(Span<byte> destination, byte packetType, int fmt, uint senderSsrc, uint mediaSsrc, int fciLength)
    {
        var length = HeaderLength + fciLength;
        if (destination.Length < length || !RtcpHeader.TryWrite(destination, fmt, packetType, length))
        {
            return false;
        }
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
        return true;
    }
}
