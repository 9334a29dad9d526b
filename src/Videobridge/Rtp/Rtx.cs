using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtp;

/// <summary>RTP retransmission payload format (RFC 4588 §4): an RTX packet is the original header with the
/// RTX SSRC, payload type and sequence number, whose payload starts with the original sequence number (OSN).
/// Both directions copy into a caller's buffer; padding is dropped. Called on the Worker thread.</summary>
internal static class Rtx
{
    /*  RFC 4588 §4:
         0                   1                   2                   3
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                         RTP Header                            |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |            OSN                |                               |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
        |                  Original RTP Packet Payload                  |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    */
    public const int OsnLength = 2;

    /// <summary>The OSN of an RTX packet. An RTX packet with no payload at all is padding-only probing.</summary>
    public static bool TryGetOriginalSequenceNumber(in RtpPacket rtx, out ushort sequenceNumber) =>
        BinaryPrimitives.TryReadUInt16BigEndian(rtx.Payload, out sequenceNumber);

    /// <summary>Rebuilds the original packet (original SSRC, payload type and OSN) into <paramref name="destination"/>.</summary>
    public static bool TryUnwrap(in RtpPacket rtx, Span<byte> destination, uint originalSsrc, byte originalPayloadType, out int length)
    {
        length = 0;
        if (!TryGetOriginalSequenceNumber(rtx, out var osn)
            || !TryCopyHeader(rtx, destination, originalSsrc, originalPayloadType, osn, rtx.Payload.Length - OsnLength))
        {
            return false;
        }
        rtx.Payload[OsnLength..].CopyTo(destination[rtx.HeaderLength..]);
        length = rtx.HeaderLength + rtx.Payload.Length - OsnLength;
        return true;
    }

    /// <summary>Wraps <paramref name="original"/> for retransmission on the RTX stream.</summary>
    public static bool TryWrap(in RtpPacket original, Span<byte> destination, uint rtxSsrc, byte rtxPayloadType, ushort rtxSequenceNumber, out int length)
    {
        length = 0;
        if (!TryCopyHeader(original, destination, rtxSsrc, rtxPayloadType, rtxSequenceNumber, original.Payload.Length + OsnLength))
        {
            return false;
        }
        BinaryPrimitives.WriteUInt16BigEndian(destination[original.HeaderLength..], original.SequenceNumber);
        original.Payload.CopyTo(destination[(original.HeaderLength + OsnLength)..]);
        length = original.HeaderLength + OsnLength + original.Payload.Length;
        return true;
    }

    private static bool TryCopyHeader(in RtpPacket source, Span<byte> destination, uint ssrc, byte payloadType, ushort sequenceNumber, int payloadLength)
    {
        if (payloadType > 127 || destination.Length < source.HeaderLength + payloadLength)
        {
            return false;
        }
        source.Buffer[..source.HeaderLength].CopyTo(destination);
        destination[0] &= 0xDF; // the copy carries no padding
        RtpPacket.WritePayloadType(destination, payloadType);
        RtpPacket.WriteSequenceNumber(destination, sequenceNumber);
        RtpPacket.WriteSsrc(destination, ssrc);
        return true;
    }
}
