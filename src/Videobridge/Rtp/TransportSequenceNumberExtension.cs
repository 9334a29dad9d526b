using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtp;

/// <summary>Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): 16 bits,
/// one counter across every SSRC of the transport, which transport-cc feedback refers to.
/// Stateless; called on the Worker thread.</summary>
internal static class TransportSequenceNumberExtension
{
    /*  draft-holmer-rmcat-transport-wide-cc-extensions-01 §2, one-byte form:
         0                   1                   2
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |  ID   | L=1   |transport-wide sequence number |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    */
    public const string Uri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    public const int Length = 2;

    public static bool TryParse(ReadOnlySpan<byte> value, out ushort sequenceNumber)
    {
        if (value.Length != Length)
        {
            sequenceNumber = 0;
            return false;
        }
        sequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    public static bool TryWrite(Span<byte> destination, ushort sequenceNumber) =>
        BinaryPrimitives.TryWriteUInt16BigEndian(destination, sequenceNumber);
}
