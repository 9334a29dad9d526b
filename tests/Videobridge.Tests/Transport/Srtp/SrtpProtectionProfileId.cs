namespace Jitsi.Net.Videobridge.Tests.Transport.Srtp;

/// <summary>Profile ids as a public type so that theories can take them.</summary>
public enum SrtpProtectionProfileId : ushort
{
    AesCm128HmacSha1_80 = 0x0001,
    AesCm128HmacSha1_32 = 0x0002,
    AeadAes128Gcm = 0x0007,
}
