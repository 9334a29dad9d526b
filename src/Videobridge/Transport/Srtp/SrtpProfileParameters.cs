namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>Key, salt and tag lengths of a protection profile, in bytes. A plain value; any thread.</summary>
/// <param name="KeyLength">Master and session encryption key.</param>
/// <param name="SaltLength">Master and session salt: 14 for AES-CM (RFC 3711 §8.2), 12 for GCM (RFC 7714 §12).</param>
/// <param name="RtpTagLength">Authentication tag appended to SRTP packets.</param>
/// <param name="RtcpTagLength">Authentication tag of SRTCP; the _32 profile keeps 80 bits there (RFC 5764 §4.1.2).</param>
internal readonly record struct SrtpProfileParameters(int KeyLength, int SaltLength, int RtpTagLength, int RtcpTagLength)
{
    /// <summary>The HMAC-SHA1 session authentication key length of the AES-CM profiles (RFC 3711 §8.2).</summary>
    public const int AuthenticationKeyLength = 20;

    public static bool TryGet(SrtpProtectionProfile profile, out SrtpProfileParameters parameters)
    {
        parameters = profile switch
        {
            SrtpProtectionProfile.AesCm128HmacSha1_80 => new SrtpProfileParameters(16, 14, 10, 10),
            SrtpProtectionProfile.AesCm128HmacSha1_32 => new SrtpProfileParameters(16, 14, 4, 10),
            SrtpProtectionProfile.AeadAes128Gcm => new SrtpProfileParameters(16, 12, 16, 16),
            _ => default,
        };
        return parameters.KeyLength != 0;
    }

    public bool IsAead => SaltLength == 12;
}
