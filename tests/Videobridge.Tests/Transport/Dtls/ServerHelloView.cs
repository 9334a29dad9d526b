using System.Buffers.Binary;
using Org.BouncyCastle.Tls;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>The fields of a DTLS ServerHello (RFC 5246 §7.4.1.3 inside an RFC 6347 §4.2.2 handshake header) that the
/// version-negotiation test looks at, read from the first record of a server datagram.</summary>
internal sealed record ServerHelloView(ProtocolVersion Version, byte[] Random, IReadOnlyList<int> ExtensionTypes)
{
    /// <summary>RFC 8446 §4.1.3: "DOWNGRD" followed by 0x01 (from 1.3 to 1.2) or 0x00 (to 1.1 or below).</summary>
    public bool HasDowngradeSentinel => Random.AsSpan(24, 7).SequenceEqual("DOWNGRD"u8);

    /// <summary>The ServerHello in <paramref name="datagram"/>, if its first record holds one unfragmented.</summary>
    public static ServerHelloView? Find(ReadOnlySpan<byte> datagram)
    {
        if (datagram.Length < 13 + 12 + 38 || datagram[0] != 22 || datagram[13] != 2)
        {
            return null;
        }
        var body = datagram[(13 + 12)..];
        var version = ProtocolVersion.Get(body[0], body[1]);
        var random = body.Slice(2, 32).ToArray();
        var rest = body[34..];
        rest = rest[(1 + rest[0])..];      // session_id
        rest = rest[(2 + 1)..];            // cipher_suite, compression_method
        var types = new List<int>();
        var extensions = rest.Slice(2, BinaryPrimitives.ReadUInt16BigEndian(rest));
        while (extensions.Length >= 4)
        {
            types.Add(BinaryPrimitives.ReadUInt16BigEndian(extensions));
            extensions = extensions[(4 + BinaryPrimitives.ReadUInt16BigEndian(extensions[2..]))..];
        }
        return new ServerHelloView(version, random, types);
    }
}
