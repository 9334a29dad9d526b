using System.Security.Cryptography;

namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>Certificate fingerprints as signalled in SDP and Jingle (RFC 8122 §5: hash-func and upper-case hex
/// pairs separated by colons) and their constant-time check (RFC 5763 §5). Stateless; any thread.</summary>
internal static class DtlsFingerprint
{
    /// <summary>"AB:CD:…" from a digest.</summary>
    public static string Format(ReadOnlySpan<byte> digest)
    {
        if (digest.IsEmpty)
        {
            return string.Empty;
        }
        return string.Create(digest.Length * 3 - 1, digest.ToArray(), static (chars, bytes) =>
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                if (i > 0)
                {
                    chars[i * 3 - 1] = ':';
                }
                chars[i * 3] = HexDigit(bytes[i] >> 4);
                chars[i * 3 + 1] = HexDigit(bytes[i] & 0xF);
            }
        });
    }

    /// <summary>The digest a fingerprint denotes; false when the text is not colon-separated hex pairs.
    /// Either case is accepted (RFC 8122 §5 says upper case, some peers send lower).</summary>
    public static bool TryParse(string fingerprint, out byte[] digest)
    {
        digest = [];
        var text = fingerprint.AsSpan().Trim();
        if (text.Length < 2 || (text.Length + 1) % 3 != 0)
        {
            return false;
        }
        var bytes = new byte[(text.Length + 1) / 3];
        for (var i = 0; i < bytes.Length; i++)
        {
            var high = HexValue(text[i * 3]);
            var low = HexValue(text[i * 3 + 1]);
            if (high < 0 || low < 0 || (i < bytes.Length - 1 && text[i * 3 + 2] != ':'))
            {
                return false;
            }
            bytes[i] = (byte)(high << 4 | low);
        }
        digest = bytes;
        return true;
    }

    /// <summary>The digest of <paramref name="der"/> under a signalled hash function name (RFC 8122 §5
    /// "hash-func", case-insensitive); null for a name we do not support. SHA-1 is refused: RFC 8122 §5 lets
    /// it through, but nothing current signals it and a collision-prone hash is no authentication.</summary>
    public static byte[]? Hash(string hashFunction, ReadOnlySpan<byte> der) => hashFunction.Trim().ToLowerInvariant() switch
    {
        "sha-256" => SHA256.HashData(der),
        "sha-384" => SHA384.HashData(der),
        "sha-512" => SHA512.HashData(der),
        _ => null,
    };

    /// <summary>Compares in time independent of where the digests differ.</summary>
    public static bool Matches(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual) =>
        CryptographicOperations.FixedTimeEquals(expected, actual);

    private static char HexDigit(int value) => (char)(value < 10 ? '0' + value : 'A' + value - 10);

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
