using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>The XOR-MAPPED-ADDRESS attribute value (RFC 8489 §14.2): the reflexive transport address,
/// obfuscated so that NATs rewriting addresses in payloads leave it alone. Stateless; any thread.</summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                X-Address (Variable)
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// X-Port is the port XOR the top 16 bits of the magic cookie; an IPv4 X-Address is XOR the cookie,
/// an IPv6 one XOR the cookie followed by the transaction id.
/// </remarks>
internal static class StunXorMappedAddress
{
    public const byte FamilyIPv4 = 0x01;
    public const byte FamilyIPv6 = 0x02;

    /// <summary>True when the value has a known family and the length that family needs.</summary>
    public static bool IsWellFormed(ReadOnlySpan<byte> value) =>
        (value.Length == 8 && value[1] == FamilyIPv4) || (value.Length == 20 && value[1] == FamilyIPv6);

    /// <summary>Decodes the address into <paramref name="address"/> (4 or 16 bytes, network order).</summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, Span<byte> address, out int addressLength, out ushort port)
    {
        addressLength = 0;
        port = 0;
        if (!IsWellFormed(value) || address.Length < value.Length - 4)
        {
            return false;
        }
        port = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (StunMessage.MagicCookie >> 16));
        addressLength = value.Length - 4;
        Xor(value.Slice(4, addressLength), transactionId, address);
        return true;
    }

    /// <summary>Decodes the address as an endpoint; allocates, so kept off the per-packet path.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> value, ReadOnlySpan<byte> transactionId, out IPEndPoint? endPoint)
    {
        Span<byte> address = stackalloc byte[16];
        endPoint = null;
        if (!TryDecode(value, transactionId, address, out var length, out var port))
        {
            return false;
        }
        endPoint = new IPEndPoint(new IPAddress(address[..length]), port);
        return true;
    }

    /// <summary>Encodes <paramref name="address"/> (4 or 16 bytes) and <paramref name="port"/>.</summary>
    public static bool TryEncode(ReadOnlySpan<byte> address, ushort port, ReadOnlySpan<byte> transactionId, Span<byte> value, out int written)
    {
        written = 4 + address.Length;
        if ((address.Length != 4 && address.Length != 16) || value.Length < written)
        {
            written = 0;
            return false;
        }
        value[0] = 0;
        value[1] = address.Length == 4 ? FamilyIPv4 : FamilyIPv6;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(port ^ (StunMessage.MagicCookie >> 16)));
        Xor(address, transactionId, value[4..]);
        return true;
    }

    /// <summary>Encodes an endpoint without allocating.</summary>
    public static bool TryEncode(IPEndPoint endPoint, ReadOnlySpan<byte> transactionId, Span<byte> value, out int written)
    {
        Span<byte> address = stackalloc byte[16];
        written = 0;
        var family = endPoint.AddressFamily;
        if ((family != AddressFamily.InterNetwork && family != AddressFamily.InterNetworkV6)
            || !endPoint.Address.TryWriteBytes(address, out var length))
        {
            return false;
        }
        return TryEncode(address[..length], (ushort)endPoint.Port, transactionId, value, out written);
    }

    private static void Xor(ReadOnlySpan<byte> source, ReadOnlySpan<byte> transactionId, Span<byte> destination)
    {
        Span<byte> mask = stackalloc byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(mask, StunMessage.MagicCookie);
        transactionId.CopyTo(mask[4..]);
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = (byte)(source[i] ^ mask[i]);
        }
    }
}
