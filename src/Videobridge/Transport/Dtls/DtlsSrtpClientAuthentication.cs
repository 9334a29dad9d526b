using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>The client side's certificate handling: the server certificate goes to the fingerprint check, and
/// our certificate answers the server's CertificateRequest (RFC 5763 §5: both sides present one).
/// Handshake thread only.</summary>
internal sealed class DtlsSrtpClientAuthentication(DtlsSrtpNegotiation negotiation, TlsClientContext context, BcTlsCrypto crypto) : TlsAuthentication
{
    public void NotifyServerCertificate(TlsServerCertificate serverCertificate) => negotiation.OnPeerCertificate(serverCertificate.Certificate);

    public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) => negotiation.Certificate.CreateSigner(context, crypto);
}
