using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>A UDP transport address (IP address and port, RFC 8445 §3) held by value, so that remote
/// peers can be keyed in dictionaries without allocating an <see cref="IPEndPoint"/> per datagram.
/// IPv4 addresses are kept in their IPv4-mapped IPv6 form, which makes an address received on a dual-stack
/// socket equal to the same address read from signalling. A plain value; any thread.</summary>
internal readonly struct TransportAddress : IEquatable<TransportAddress>
{
    // ::ffff:0:0/96 (RFC 4291 §2.5.5.2) in the high 64 bits and the top of the low 64 bits.
    private const ulong MappedLowPrefix = 0x0000_FFFF_0000_0000;

    private readonly ulong _high;
    private readonly ulong _low;

    private TransportAddress(ulong high, ulong low, ushort port)
    {
        _high = high;
        _low = low;
        Port = port;
    }

    public ushort Port { get; }

    public bool IsIPv4 => _high == 0 && (_low & 0xFFFF_FFFF_0000_0000) == MappedLowPrefix;

    /// <summary>The 16 address bytes in network order (IPv4-mapped for IPv4).</summary>
    public UInt128 Address16 => new(_high, _low);

    /// <summary>From a 4- or 16-byte address in network order; false for any other length.</summary>
    public static bool TryCreate(ReadOnlySpan<byte> address, ushort port, out TransportAddress result)
    {
        switch (address.Length)
        {
            case 4:
                result = new TransportAddress(0, MappedLowPrefix | BinaryPrimitives.ReadUInt32BigEndian(address), port);
                return true;
            case 16:
                result = new TransportAddress(BinaryPrimitives.ReadUInt64BigEndian(address), BinaryPrimitives.ReadUInt64BigEndian(address[8..]), port);
                return true;
            default:
                result = default;
                return false;
        }
    }

    public static TransportAddress FromEndPoint(IPEndPoint endPoint)
    {
        Span<byte> bytes = stackalloc byte[16];
        endPoint.Address.TryWriteBytes(bytes, out var length);
        TryCreate(bytes[..length], (ushort)endPoint.Port, out var result);
        return result;
    }

    /// <summary>Reads a received <see cref="SocketAddress"/> without allocating. Its buffer is the native
    /// sockaddr, whose port (offset 2) and address (offset 4 for IPv4, 8 for IPv6) sit at the same places
    /// on Linux, Windows and macOS.</summary>
    public static bool TryFromSocketAddress(SocketAddress socketAddress, out TransportAddress result)
    {
        var bytes = socketAddress.Buffer.Span[..socketAddress.Size];
        result = default;
        return socketAddress.Family switch
        {
            AddressFamily.InterNetwork when bytes.Length >= 8 =>
                TryCreate(bytes.Slice(4, 4), BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]), out result),
            AddressFamily.InterNetworkV6 when bytes.Length >= 24 =>
                TryCreate(bytes.Slice(8, 16), BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]), out result),
            _ => false,
        };
    }

    /// <summary>Writes the address as 4 bytes (IPv4) or 16 bytes; returns the count.</summary>
    public int WriteAddress(Span<byte> destination)
    {
        if (IsIPv4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_low);
            return 4;
        }
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
        return 16;
    }

    /// <summary>Allocates; for signalling, logs and building a send address once per peer.</summary>
    public IPEndPoint ToEndPoint()
    {
        Span<byte> bytes = stackalloc byte[16];
        var length = WriteAddress(bytes);
        return new IPEndPoint(new IPAddress(bytes[..length]), Port);
    }

    public bool Equals(TransportAddress other) => _high == other._high && _low == other._low && Port == other.Port;

    public override bool Equals(object? obj) => obj is TransportAddress other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(_high, _low, Port);

    public override string ToString() => ToEndPoint().ToString();

    public static bool operator ==(TransportAddress left, TransportAddress right) => left.Equals(right);

    public static bool operator !=(TransportAddress left, TransportAddress right) => !left.Equals(right);
}
