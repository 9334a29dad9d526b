using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>The FINGERPRINT attribute value: CRC-32 (ISO 3309, the one Ethernet uses) of the message up
/// to the attribute, XOR 0x5354554e (RFC 8489 §14.7). The XOR keeps it from matching an application
/// CRC-32 in the same datagram. Stateless; any thread.</summary>
internal static class StunFingerprint
{
    /// <summary>Attribute header (4) plus the 32-bit value.</summary>
    public const int AttributeLength = 8;

    private const uint XorValue = 0x5354554E;

    private static readonly uint[] Table = BuildTable();

    /// <summary>The value for a message whose first <paramref name="prefix"/> bytes precede FINGERPRINT;
    /// its length field must already count the FINGERPRINT attribute.</summary>
    public static uint Compute(ReadOnlySpan<byte> prefix) => Crc32(prefix) ^ XorValue;

    /// <summary>Checks the FINGERPRINT attribute that starts at <paramref name="attributeOffset"/>.</summary>
    public static bool Verify(ReadOnlySpan<byte> message, int attributeOffset) =>
        Compute(message[..attributeOffset]) == BinaryPrimitives.ReadUInt32BigEndian(message[(attributeOffset + 4)..]);

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return ~crc;
    }

    // Reflected polynomial 0x04C11DB7.
    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
