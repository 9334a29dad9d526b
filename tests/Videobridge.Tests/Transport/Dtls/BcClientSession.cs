using Jitsi.Net.Videobridge.Transport.Dtls;
using Org.BouncyCastle.Tls;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>A <see cref="BcTestClient"/> against our server <see cref="DtlsTransport"/> in memory; the client's
/// datagrams may be rewritten on the way (fragmented), and the server's ServerHello is kept for inspection.
/// The server knows the client's fingerprint from the start.</summary>
internal sealed class BcClientSession : IDisposable
{
    private readonly MemoryDatagramTransport _clientTransport;
    private volatile ServerHelloView? _serverHello;

    public BcClientSession(BcTestClient client, DtlsCertificate clientCertificate, ClientHelloFragmenter? fragmenter = null)
    {
        Server = new DtlsEndpoint(DtlsRole.Server, d =>
        {
            _serverHello ??= ServerHelloView.Find(d.Span);
            _clientTransport!.Deliver(d.Span);
        });
        _clientTransport = new MemoryDatagramTransport(d =>
        {
            foreach (var datagram in fragmenter?.Rewrite(d) ?? [d])
            {
                Server.Transport.OnDatagram(datagram);
            }
        }, sendLimit: 8000);
        Server.Transport.SetRemoteFingerprint(DtlsCertificate.FingerprintHash, clientCertificate.Sha256Fingerprint);
        Server.Transport.Start();
        Connect = Task.Run(() => new DtlsClientProtocol().Connect(client, _clientTransport));
    }

    public DtlsEndpoint Server { get; }

    /// <summary>The client's handshake; faults with the client's view of a failure.</summary>
    public Task<BcDtlsTransport> Connect { get; }

    public ServerHelloView? ServerHello => _serverHello;

    public void Dispose()
    {
        _clientTransport.Close();
        Server.Dispose();
    }
}
