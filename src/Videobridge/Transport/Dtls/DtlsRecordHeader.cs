using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>A cheap plausibility check of a datagram before it is queued for the handshake thread, so that
/// garbage is counted where it arrives instead of vanishing inside BouncyCastle. Stateless; Worker thread.</summary>
/// <remarks>
/// RFC 6347 §4.1: a datagram holds one or more records, each
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  ContentType  |   ProtocolVersion (0xFEFF / 0xFEFD)  |  epoch…  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | …epoch        |            sequence_number (48 bits)…          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      …sequence_number         |            length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// We speak DTLS 1.2 only, so the DTLS 1.3 unified header (RFC 9147 §4, first byte 0b001xxxxx) is never
/// valid input here.
/// </remarks>
internal static class DtlsRecordHeader
{
    public const int Length = 13;

    /// <summary>RFC 6347 §4.1: DTLSCompressed.length ≤ 2^14 + 1024, DTLSCiphertext ≤ 2^14 + 2048.</summary>
    private const int MaxRecordLength = (1 << 14) + 2048;

    /// <summary>True when <paramref name="datagram"/> is a sequence of whole records of the four DTLS 1.2 content
    /// types (change_cipher_spec 20, alert 21, handshake 22, application_data 23) with a DTLS version.</summary>
    public static bool IsWellFormedDatagram(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < Length || datagram.Length > DtlsDatagramQueue.ReceiveLimit)
        {
            return false;
        }
        while (!datagram.IsEmpty)
        {
            if (datagram.Length < Length)
            {
                return false;
            }
            var contentType = datagram[0];
            var versionMajor = datagram[1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
            if (contentType is < 20 or > 23 || versionMajor != 0xFE || length > MaxRecordLength || Length + length > datagram.Length)
            {
                return false;
            }
            datagram = datagram[(Length + length)..];
        }
        return true;
    }
}
