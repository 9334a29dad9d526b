namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>DTLS-SRTP protection profiles the bridge offers, with their IANA ids (RFC 5764 §4.1.2,
/// RFC 7714 §14.2). A plain value; any thread.</summary>
internal enum SrtpProtectionProfile : ushort
{
    AesCm128HmacSha1_80 = 0x0001,
    AesCm128HmacSha1_32 = 0x0002,
    AeadAes128Gcm = 0x0007,
}
