using System.Security.Cryptography;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>A username fragment and password (RFC 8445 §5.3): ufrag at least 4 and password at least 22
/// ice-chars (RFC 8839 §5.4), with at least 24 and 128 bits of randomness. Immutable; any thread.</summary>
internal sealed record IceCredentials(string Ufrag, string Password)
{
    public const int UfragLength = 8;
    public const int PasswordLength = 24;

    // ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.4); 64 of them, so each character carries 6 bits:
    // 8 characters = 48 bits, 24 characters = 144 bits.
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static IceCredentials Generate() =>
        new(RandomNumberGenerator.GetString(IceChars, UfragLength), RandomNumberGenerator.GetString(IceChars, PasswordLength));

    /// <summary>True when <paramref name="value"/> is 1..256 ice-chars, the limits the SDP grammar sets for a
    /// received ufrag or password (RFC 8839 §5.4 allows shorter ones than we generate).</summary>
    public static bool IsValid(string value) =>
        value.Length is >= 1 and <= 256 && value.All(c => IceChars.Contains(c, StringComparison.Ordinal));
}
