using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>The 4-byte header every RTCP packet starts with (RFC 3550 §6.4.1), validated against the bytes
/// that follow it: the length word and the padding count must fit. A value used on the Worker thread.</summary>
/// <param name="HasPadding">The P bit.</param>
/// <param name="Count">RC, SC or FMT: five bits whose meaning depends on the packet type.</param>
/// <param name="PacketType">PT.</param>
/// <param name="Length">Bytes of the whole packet: (length + 1) × 4.</param>
/// <param name="PaddingLength">Padding bytes at the end, count byte included.</param>
internal readonly record struct RtcpHeader(bool HasPadding, int Count, byte PacketType, int Length, int PaddingLength)
{
    /*  RFC 3550 §6.4.1 (the same first word for every type):
         0                   1                   2                   3
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |V=2|P|  RC/FMT |      PT       |             length            |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        length: the packet's 32-bit words minus one, header and padding included.
    */
    public const int Size = 4;

    /// <summary>Bytes after the header and before any padding.</summary>
    public int BodyLength => Length - Size - PaddingLength;

    public static bool TryParse(ReadOnlySpan<byte> buffer, out RtcpHeader header)
    {
        header = default;
        if (buffer.Length < Size || buffer[0] >> 6 != 2)
        {
            return false;
        }
        var length = (BinaryPrimitives.ReadUInt16BigEndian(buffer[2..]) + 1) * 4;
        if (length > buffer.Length)
        {
            return false;
        }
        var hasPadding = (buffer[0] & 0x20) != 0;
        var padding = 0;
        if (hasPadding)
        {
            // §6.4.1: the last octet counts the padding, itself included.
            padding = buffer[length - 1];
            if (padding == 0 || padding > length - Size)
            {
                return false;
            }
        }
        header = new RtcpHeader(hasPadding, buffer[0] & 0x1F, buffer[1], length, padding);
        return true;
    }

    /// <summary>Parses the header of a packet of <paramref name="packetType"/> and returns the body
    /// (after the header, without padding).</summary>
    public static bool TryParseBody(ReadOnlySpan<byte> packet, byte packetType, out RtcpHeader header, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (!TryParse(packet, out header) || header.PacketType != packetType)
        {
            return false;
        }
        body = packet.Slice(Size, header.BodyLength);
        return true;
    }

    /// <summary>Writes an unpadded header for a packet of <paramref name="length"/> bytes (a multiple of 4).</summary>
    public static bool TryWrite(Span<byte> destination, int count, byte packetType, int length)
    {
        if (destination.Length < Size || length < Size || length % 4 != 0 || length > 65536 * 4 || count is < 0 or > 31)
        {
            return false;
        }
        destination[0] = (byte)(0x80 | count);
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((length / 4) - 1));
        return true;
    }
}
