namespace Jitsi.Net.Videobridge.Tests.Transport.Srtp;

/// <summary>Bytes written one 32-bit word (8 hex digits, fewer for the last) per argument.</summary>
internal static class HexWords
{
    public static byte[] Parse(params string[] words) => Convert.FromHexString(string.Concat(words));
}
