using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>BouncyCastle's client peer for one DTLS-SRTP handshake: the same version, suites, extended master
/// secret and use_srtp rules as <see cref="DtlsSrtpServer"/>, offering our profiles in preference order.
/// Called back by BouncyCastle on the handshake thread only.</summary>
internal sealed class DtlsSrtpClient(BcTlsCrypto crypto, DtlsSrtpNegotiation negotiation) : DefaultTlsClient(crypto)
{
    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsCipherSuites.All();

    public override bool RequiresExtendedMasterSecret() => true;

    public override int GetHandshakeTimeoutMillis() => (int)Math.Clamp(negotiation.Options.HandshakeTimeout.TotalMilliseconds, 1, int.MaxValue);

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, negotiation.Offer());
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        negotiation.Accept(serverExtensions is null ? null : TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions));
    }

    public override TlsAuthentication GetAuthentication() => new DtlsSrtpClientAuthentication(negotiation, m_context, crypto);

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
