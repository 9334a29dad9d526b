namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>Builds the send and receive contexts of an endpoint from DTLS-SRTP keying material
/// (RFC 5764 §4.2). Stateless; called on the thread that finished the handshake, the contexts then
/// go to the Worker thread.</summary>
/// <remarks>
/// The exporter output (label "EXTRACTOR-dtls_srtp") is
/// <c>client_write_SRTP_master_key | server_write_SRTP_master_key | client_write_SRTP_master_salt | server_write_SRTP_master_salt</c>;
/// each side sends with its own write key, so the DTLS client sends with the client half.
/// </remarks>
internal static class SrtpContextFactory
{
    /// <summary>How many bytes of keying material to export for <paramref name="profile"/>; 0 when unsupported.</summary>
    public static int KeyingMaterialLength(SrtpProtectionProfile profile) =>
        SrtpProfileParameters.TryGet(profile, out var p) ? 2 * (p.KeyLength + p.SaltLength) : 0;

    /// <summary>False when the profile is unknown or the material has the wrong length.</summary>
    public static bool TryCreate(
        SrtpProtectionProfile profile,
        ReadOnlySpan<byte> keyingMaterial,
        bool isDtlsClient,
        out SrtpContext? send,
        out SrtpContext? receive,
        int maxSsrcCount = SrtpContext.DefaultMaxSsrcCount)
    {
        send = null;
        receive = null;
        if (!SrtpProfileParameters.TryGet(profile, out var p) || keyingMaterial.Length != KeyingMaterialLength(profile))
        {
            return false;
        }
        var clientKey = keyingMaterial[..p.KeyLength];
        var serverKey = keyingMaterial.Slice(p.KeyLength, p.KeyLength);
        var clientSalt = keyingMaterial.Slice(2 * p.KeyLength, p.SaltLength);
        var serverSalt = keyingMaterial.Slice(2 * p.KeyLength + p.SaltLength, p.SaltLength);
        send = isDtlsClient
            ? new SrtpContext(profile, clientKey, clientSalt, maxSsrcCount)
            : new SrtpContext(profile, serverKey, serverSalt, maxSsrcCount);
        receive = isDtlsClient
            ? new SrtpContext(profile, serverKey, serverSalt, maxSsrcCount)
            : new SrtpContext(profile, clientKey, clientSalt, maxSsrcCount);
        return true;
    }
}
