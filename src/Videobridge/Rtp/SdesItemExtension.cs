namespace Jitsi.Net.Videobridge.Rtp;

/// <summary>Header extensions that carry an SDES item as text: mid (RFC 9143 §15), rid and repaired-rid
/// (RFC 8852 §3). Values stay bytes and are compared as bytes, so reading them never allocates.
/// Stateless; called on the Worker thread.</summary>
internal static class SdesItemExtension
{
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string RidUri = "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id";
    public const string RepairedRidUri = "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id";

    /// <summary>Compares a received value with a known id; RFC 8852 §3 lets senders pad with trailing NULs
    /// only in the SDES packet, but some stacks pad the extension too, so those are ignored.</summary>
    public static bool Matches(ReadOnlySpan<byte> value, ReadOnlySpan<byte> expected)
    {
        var end = value.Length;
        while (end > 0 && value[end - 1] == 0)
        {
            end--;
        }
        return value[..end].SequenceEqual(expected);
    }

    /// <summary>Whether a rid value has the syntax SDP can negotiate (RFC 8851 §10, <c>rid-id</c>: letters,
    /// digits, '-' and '_'), within the 255 bytes an SDES item holds; anything else cannot match a stream.</summary>
    public static bool IsValidRid(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.Length > 255)
        {
            return false;
        }
        foreach (var b in value)
        {
            if (!(char.IsAsciiLetterOrDigit((char)b) || b == (byte)'-' || b == (byte)'_'))
            {
                return false;
            }
        }
        return true;
    }
}
