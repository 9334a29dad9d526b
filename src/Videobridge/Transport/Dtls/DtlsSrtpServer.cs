using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>BouncyCastle's server peer for one DTLS-SRTP handshake: DTLS 1.2 only, ECDHE-ECDSA with AES-GCM,
/// extended master secret required (RFC 7627 §5.3), use_srtp (RFC 5764 §4.1), and a client certificate
/// required (RFC 5763 §5). Called back by BouncyCastle on the handshake thread only.</summary>
internal sealed class DtlsSrtpServer(BcTlsCrypto crypto, DtlsSrtpNegotiation negotiation) : DefaultTlsServer(crypto)
{
    private UseSrtpData? _choice;

    /// <summary>A ClientHello offering DTLS 1.3 as well (supported_versions, RFC 9147 §5.3) is answered with 1.2:
    /// a server without 1.3 simply picks the highest common version.</summary>
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsCipherSuites.All();

    public override bool RequiresExtendedMasterSecret() => true;

    public override int GetHandshakeTimeoutMillis() => (int)Math.Clamp(negotiation.Options.HandshakeTimeout.TotalMilliseconds, 1, int.MaxValue);

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        _choice = negotiation.Select(TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions));
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, _choice!);
        return extensions;
    }

    /// <summary>Requests the client certificate; ECDSA and RSA both occur in browsers' self-signed certificates.</summary>
    public override CertificateRequest GetCertificateRequest() =>
        new([ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
            TlsUtilities.GetDefaultSupportedSignatureAlgorithms(m_context), null);

    public override void NotifyClientCertificate(Certificate clientCertificate) => negotiation.OnPeerCertificate(clientCertificate);

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => negotiation.Certificate.CreateSigner(m_context, crypto);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        negotiation.OnHandshakeComplete(m_context);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) => negotiation.OnAlertReceived(alertLevel, alertDescription);

    /// <summary>BouncyCastle logs nothing itself; our transport logs the outcome.</summary>
    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause)
    {
    }
}
