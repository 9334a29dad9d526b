using Jitsi.Net.Videobridge.Transport.Dtls;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>Our client and our server wired to each other in memory: what one sends, the other's
/// <see cref="DtlsTransport.OnDatagram"/> receives (on the sender's handshake thread, as the Worker would).</summary>
internal sealed class DtlsLink : IDisposable
{
    /// <param name="drop">Loses a datagram on the way when it returns true: (sent by the client?, datagram).</param>
    public DtlsLink(DtlsOptions? clientOptions = null, DtlsOptions? serverOptions = null, TimeProvider? serverTime = null, Func<bool, ReadOnlyMemory<byte>, bool>? drop = null)
    {
        DtlsEndpoint? client = null;
        DtlsEndpoint? server = null;
        Client = client = new DtlsEndpoint(DtlsRole.Client, d => Deliver(server!, drop?.Invoke(true, d) == true, d), clientOptions);
        Server = server = new DtlsEndpoint(DtlsRole.Server, d => Deliver(client, drop?.Invoke(false, d) == true, d), serverOptions, serverTime);
    }

    public DtlsEndpoint Client { get; }

    public DtlsEndpoint Server { get; }

    /// <summary>Each side learns the other's real fingerprint, as signalling would tell it.</summary>
    public void ExchangeFingerprints()
    {
        TellClientTheServerFingerprint();
        Server.Transport.SetRemoteFingerprint(DtlsCertificate.FingerprintHash, Client.Certificate.Sha256Fingerprint);
    }

    /// <summary>Only the client learns its peer's fingerprint; the server's check stays pending.</summary>
    public void TellClientTheServerFingerprint() =>
        Client.Transport.SetRemoteFingerprint(DtlsCertificate.FingerprintHash, Server.Certificate.Sha256Fingerprint);

    /// <summary>Exchanges fingerprints, starts both sides and waits (bounded) until both raised Connected.</summary>
    public async Task<(DtlsKeys Client, DtlsKeys Server)> ConnectAsync()
    {
        ExchangeFingerprints();
        Start();
        return (await Client.WaitConnectedAsync(), await Server.WaitConnectedAsync());
    }

    /// <summary>Starts both sides with the server's fingerprint check pending; waits until the client connected
    /// and the server's handshake is done.</summary>
    public async Task StartWithServerFingerprintPendingAsync()
    {
        TellClientTheServerFingerprint();
        Start();
        await Client.WaitConnectedAsync();
        Server.WaitHandshakeDone();
    }

    public void Start()
    {
        Server.Transport.Start();
        Client.Transport.Start();
    }

    private static void Deliver(DtlsEndpoint to, bool lost, ReadOnlyMemory<byte> datagram)
    {
        if (!lost)
        {
            to.Transport.OnDatagram(datagram.Span);
        }
    }

    public void Dispose()
    {
        Client.Dispose();
        Server.Dispose();
    }
}
