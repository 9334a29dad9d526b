using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>The few RTP header fields SRTP needs (RFC 3550 §5.1, §5.3.1): where the payload starts,
/// the sequence number and the SSRC. Stateless; any thread.</summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
/// |                           timestamp                           |
/// |           synchronization source (SSRC) identifier            |
/// |            contributing source (CSRC) identifiers (CC)        |
/// |      defined by profile       |           length              |  (if X)
/// |                        header extension (length words)        |
/// </code>
/// </remarks>
internal static class SrtpRtpHeader
{
    public const int FixedLength = 12;

    /// <summary>False when the packet is not version 2 or its header runs past <paramref name="length"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, int length, out int headerLength, out ushort sequenceNumber, out uint ssrc)
    {
        headerLength = 0;
        sequenceNumber = 0;
        ssrc = 0;
        if (length < FixedLength || packet.Length < length || (packet[0] >> 6) != 2)
        {
            return false;
        }
        var end = FixedLength + 4 * (packet[0] & 0x0F);
        if ((packet[0] & 0x10) != 0)
        {
            if (end + 4 > length)
            {
                return false;
            }
            end += 4 + 4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(end + 2)..]);
        }
        if (end > length)
        {
            return false;
        }
        headerLength = end;
        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        ssrc = BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);
        return true;
    }
}
