using Jitsi.Net.Videobridge.Transport.Dtls;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>A BouncyCastle DTLS 1.2 client built to look like a current browser's first flight: it may also offer
/// DTLS 1.3 the way Chromium does (supported_versions listing 1.3 and 1.2, RFC 9147 §5.3, and a key_share with an
/// X25519MLKEM768 entry of 1,216 bytes and an X25519 one, RFC 8446 §4.2.8), and it may pad its ClientHello
/// (RFC 7685), so the hello no longer fits one datagram. BouncyCastle's client does not speak DTLS 1.3, so the
/// 1.3 offer is written as raw extensions; a server that picked 1.3 would fail the handshake here. Runs on the
/// caller's thread.</summary>
internal sealed class BcTestClient(
    DtlsCertificate certificate,
    bool offerDtls13 = false,
    int paddingLength = 0,
    int handshakeTimeoutMillis = 15_000,
    bool presentCertificate = true,
    bool useExtendedMasterSecret = true) : DefaultTlsClient(new BcTlsCrypto(new SecureRandom()))
{
    private const int SupportedVersions = 43;
    private const int KeyShare = 51;
    private const int X25519MlKem768 = 0x11EC;
    private const int X25519 = 0x001D;

    public byte[]? KeyingMaterial { get; private set; }

    public int? Profile { get; private set; }

    public ProtocolVersion? NegotiatedVersion { get; private set; }

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    public override int GetHandshakeTimeoutMillis() => handshakeTimeoutMillis;

    public override bool ShouldUseExtendedMasterSecret() => useExtendedMasterSecret;

    public override bool RequiresExtendedMasterSecret() => useExtendedMasterSecret;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([0x0007, 0x0001], TlsUtilities.EmptyBytes));
        if (offerDtls13)
        {
            extensions[SupportedVersions] = [4, 0xFE, 0xFC, 0xFE, 0xFD];
            extensions[KeyShare] = KeyShareEntries((X25519MlKem768, 1216), (X25519, 32));
        }
        if (paddingLength > 0)
        {
            TlsExtensionsUtilities.AddPaddingExtension(extensions, paddingLength);
        }
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        Profile = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions)?.ProtectionProfiles.Single();
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(presentCertificate ? certificate : null, m_context, (BcTlsCrypto)Crypto);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        NegotiatedVersion = m_context.ServerVersion;
        KeyingMaterial = m_context.ExportKeyingMaterial("EXTRACTOR-dtls_srtp", null, Profile == 0x0007 ? 56 : 60);
    }

    private static byte[] KeyShareEntries(params (int Group, int Length)[] entries)
    {
        var body = new List<byte>();
        foreach (var (group, length) in entries)
        {
            body.AddRange([(byte)(group >> 8), (byte)group, (byte)(length >> 8), (byte)length]);
            body.AddRange(SecureRandom.GetNextBytes(new SecureRandom(), length));
        }
        return [(byte)(body.Count >> 8), (byte)body.Count, .. body];
    }

    private sealed class Authentication(DtlsCertificate? certificate, TlsClientContext context, BcTlsCrypto crypto) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
        }

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) => certificate?.CreateSigner(context, crypto);
    }
}
