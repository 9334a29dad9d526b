using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Fuzz;

/// <summary>Fuzz targets for SRTP and SRTCP. Every input gets fresh contexts, so a corpus replays the same way
/// in any order. The AES-CM contexts use the RFC 3711 B.3 master key and salt (also libsrtp's test key), the
/// GCM one the RFC 7714 §16 session key and salt, so published protected packets reach the decrypting path.</summary>
internal static class SrtpTargets
{
    private static readonly byte[] CmMasterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
    private static readonly byte[] CmMasterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");
    private static readonly byte[] GcmKey = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] GcmSalt = Convert.FromHexString("517569642070726f2071756f");

    private static readonly SrtpProtectionProfile[] Profiles =
        [SrtpProtectionProfile.AesCm128HmacSha1_80, SrtpProtectionProfile.AesCm128HmacSha1_32, SrtpProtectionProfile.AeadAes128Gcm];

    /// <summary>Unprotects the input as SRTP under every profile; then, taken as a plain RTP packet, protect
    /// followed by unprotect must give it back.</summary>
    [FuzzTarget("srtp")]
    public static void Srtp(byte[] data) => Run(data, rtcp: false);

    /// <summary>The same for SRTCP.</summary>
    [FuzzTarget("srtcp")]
    public static void Srtcp(byte[] data) => Run(data, rtcp: true);

    private static void Run(byte[] data, bool rtcp)
    {
        foreach (var profile in Profiles)
        {
            using var receiver = Create(profile);
            var copy = (byte[])data.Clone();
            _ = rtcp ? receiver.TryUnprotectRtcp(copy, out _, out _) : receiver.TryUnprotectRtp(copy, out _, out _);

            using var sender = Create(profile);
            using var peer = Create(profile);
            var buffer = new byte[data.Length + sender.RtcpOverhead];
            data.CopyTo(buffer, 0);
            var protectedOk = rtcp
                ? sender.TryProtectRtcp(buffer, data.Length, out var protectedLength, out _)
                : sender.TryProtectRtp(buffer, data.Length, out protectedLength, out _);
            if (!protectedOk)
            {
                continue;
            }
            var packet = buffer.AsSpan(0, protectedLength);
            var unprotectedOk = rtcp
                ? peer.TryUnprotectRtcp(packet, out var plainLength, out var error)
                : peer.TryUnprotectRtp(packet, out plainLength, out error);
            if (!unprotectedOk || !packet[..plainLength].SequenceEqual(data))
            {
                throw new FuzzInvariantException($"{profile}: protect → unprotect did not restore the packet ({error})");
            }
        }
    }

    private static SrtpContext Create(SrtpProtectionProfile profile) =>
        profile == SrtpProtectionProfile.AeadAes128Gcm
            ? new SrtpContext(profile, new AesGcmTransform(GcmKey, GcmSalt), new AesGcmTransform(GcmKey, GcmSalt))
            : new SrtpContext(profile, CmMasterKey, CmMasterSalt);
}
