namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>Session keys from a master key and salt with the AES-CM PRF (RFC 3711 §4.3.1, §4.3.3; RFC 7714 §11
/// for the GCM profile). The key derivation rate is 0, the only one DTLS-SRTP uses (RFC 5764 §4.1.2), so keys
/// are derived once per context. Stateless; any thread.</summary>
/// <remarks>
/// <code>
/// key_id = label || r          (r = index DIV kdr = 0, 48 bits)
/// x      = key_id XOR master_salt  (key_id right-aligned in the 112-bit salt)
/// output = AES-CM(master_key, IV = x * 2^16)
/// </code>
/// A 96-bit GCM master salt takes the 12 most significant bytes of the 112-bit field, the rest zero.
/// </remarks>
internal static class SrtpKeyDerivation
{
    public const byte RtpEncryptionLabel = 0x00;
    public const byte RtpAuthenticationLabel = 0x01;
    public const byte RtpSaltLabel = 0x02;
    public const byte RtcpEncryptionLabel = 0x03;
    public const byte RtcpAuthenticationLabel = 0x04;
    public const byte RtcpSaltLabel = 0x05;

    private const int LabelPosition = 7;

    /// <summary>Writes <c>output.Length</c> bytes of the key labelled <paramref name="label"/>.</summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        Span<byte> iv = stackalloc byte[AesCounterMode.BlockSize];
        iv.Clear();
        masterSalt[..Math.Min(14, masterSalt.Length)].CopyTo(iv);
        iv[LabelPosition] ^= label;
        output.Clear();
        using var prf = new AesCounterMode(masterKey);
        prf.Apply(iv, output);
    }
}
