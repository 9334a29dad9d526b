using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>What a browser's first flight offers, read from the datagrams it sent: the ClientHello reassembled from
/// its handshake fragments (RFC 6347 §4.2.3), then supported_versions (RFC 8446 §4.2.1) and the key_share groups
/// (RFC 8446 §4.2.8). Test-only; trusts its input to be a well-formed flight.</summary>
internal sealed record ClientHelloView(int Fragments, IReadOnlyList<int> ExtensionTypes, IReadOnlyList<int> SupportedVersions, IReadOnlyList<int> KeyShareGroups)
{
    public const int SupportedVersionsExtension = 43;
    public const int KeyShareExtension = 51;

    /// <summary>The first ClientHello (message_seq 0) in <paramref name="datagrams"/>; null when incomplete.</summary>
    public static ClientHelloView? Reassemble(IEnumerable<byte[]> datagrams)
    {
        byte[]? message = null;
        var covered = new HashSet<int>();
        var fragments = new HashSet<(int Offset, int Length)>(); // a retransmitted flight repeats them
        foreach (var datagram in datagrams)
        {
            ReadOnlySpan<byte> rest = datagram;
            while (rest.Length >= 13 + 12)
            {
                var record = rest.Slice(13, BinaryPrimitives.ReadUInt16BigEndian(rest[11..]));
                rest = rest[(13 + record.Length)..];
                if (rest.Length < 0 || record.Length < 12 || record[0] != 1 || BinaryPrimitives.ReadUInt16BigEndian(record[4..]) != 0)
                {
                    continue;
                }
                var length = UInt24(record[1..]);
                var offset = UInt24(record[6..]);
                var fragmentLength = UInt24(record[9..]);
                message ??= new byte[length];
                record.Slice(12, fragmentLength).CopyTo(message.AsSpan(offset));
                covered.UnionWith(Enumerable.Range(offset, fragmentLength));
                fragments.Add((offset, fragmentLength));
            }
        }
        return message is null || covered.Count != message.Length ? null : Parse(message, fragments.Count);
    }

    private static ClientHelloView Parse(ReadOnlySpan<byte> hello, int fragments)
    {
        var rest = hello[(2 + 32)..];                                  // client_version, random
        rest = rest[(1 + rest[0])..];                                   // session_id
        rest = rest[(1 + rest[0])..];                                   // cookie (RFC 6347 §4.2.1)
        rest = rest[(2 + BinaryPrimitives.ReadUInt16BigEndian(rest))..]; // cipher_suites
        rest = rest[(1 + rest[0])..];                                   // compression_methods
        var extensions = rest.Slice(2, BinaryPrimitives.ReadUInt16BigEndian(rest));
        var types = new List<int>();
        var versions = new List<int>();
        var groups = new List<int>();
        while (extensions.Length >= 4)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(extensions);
            var body = extensions.Slice(4, BinaryPrimitives.ReadUInt16BigEndian(extensions[2..]));
            extensions = extensions[(4 + body.Length)..];
            types.Add(type);
            if (type == SupportedVersionsExtension)
            {
                for (var i = 1; i + 1 < 1 + body[0]; i += 2)
                {
                    versions.Add(BinaryPrimitives.ReadUInt16BigEndian(body[i..]));
                }
            }
            else if (type == KeyShareExtension)
            {
                var shares = body[2..];
                while (shares.Length >= 4)
                {
                    groups.Add(BinaryPrimitives.ReadUInt16BigEndian(shares));
                    shares = shares[(4 + BinaryPrimitives.ReadUInt16BigEndian(shares[2..]))..];
                }
            }
        }
        return new ClientHelloView(fragments, types, versions, groups);
    }

    private static int UInt24(ReadOnlySpan<byte> bytes) => bytes[0] << 16 | bytes[1] << 8 | bytes[2];
}
