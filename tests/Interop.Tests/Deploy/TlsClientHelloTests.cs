using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using Jitsi.Net.Stack.Front;

namespace Jitsi.Net.Interop.Tests.Deploy;

/// <summary>
/// The front tells HTTPS from TURN over TLS by the first record: real ClientHellos from .NET's TLS client (OpenSSL
/// here) with and without HTTP in ALPN, cut short, and bytes that are not TLS.
/// </summary>
public sealed class TlsClientHelloTests
{
    [Fact]
    public async Task AClientHelloOfferingHttp_IsHttps_AndOneWithoutAlpnOrWithTurnAlpn_IsNot()
    {
        Assert.Equal(TlsClientHello.Outcome.Http, TlsClientHello.Classify(new(await FirstRecordAsync([SslApplicationProtocol.Http11]))));
        Assert.Equal(TlsClientHello.Outcome.Http, TlsClientHello.Classify(new(await FirstRecordAsync([SslApplicationProtocol.Http2, SslApplicationProtocol.Http11]))));
        Assert.Equal(TlsClientHello.Outcome.Other, TlsClientHello.Classify(new(await FirstRecordAsync(null))));
        // RFC 7443 §3: "stun.turn" is TURN's own ALPN id; coturn's client offers it next to http/1.1.
        Assert.Equal(TlsClientHello.Outcome.Other, TlsClientHello.Classify(new(await FirstRecordAsync([new SslApplicationProtocol("stun.turn")]))));
        Assert.Equal(TlsClientHello.Outcome.Other, TlsClientHello.Classify(
            new(await FirstRecordAsync([SslApplicationProtocol.Http11, new SslApplicationProtocol("stun.turn")]))));
    }

    [Fact]
    public async Task AShortOrForeignFirstRecord_IsIncompleteOrNotTls()
    {
        byte[] hello = await FirstRecordAsync([SslApplicationProtocol.Http11]);

        Assert.Equal(TlsClientHello.Outcome.Incomplete, TlsClientHello.Classify(new(hello[..3])));
        Assert.Equal(TlsClientHello.Outcome.Incomplete, TlsClientHello.Classify(new(hello[..(hello.Length - 1)])));
        Assert.Equal(TlsClientHello.Outcome.Incomplete, TlsClientHello.Classify(ReadOnlySequence<byte>.Empty));
        Assert.Equal(TlsClientHello.Outcome.NotTls, TlsClientHello.Classify(new("GET / HTTP/1.1\r\n\r\n"u8.ToArray())));
        // A handshake record whose body is not a ClientHello.
        byte[] notHello = [.. hello];
        notHello[5] = 2;
        Assert.Equal(TlsClientHello.Outcome.NotTls, TlsClientHello.Classify(new(notHello)));
        // Lengths that point past the record are refused, not read.
        byte[] lying = [.. hello];
        lying[5 + 4 + 2 + 32] = 0xff;
        Assert.NotEqual(TlsClientHello.Outcome.Http, TlsClientHello.Classify(new(lying)));
    }

    /// <summary>What a TLS client sends first, caught by a loopback listener that never answers.</summary>
    private static async Task<byte[]> FirstRecordAsync(List<SslApplicationProtocol>? alpn)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using TcpClient server = await listener.AcceptTcpClientAsync();
        using var tls = new SslStream(client.GetStream());
        using var stop = new CancellationTokenSource();
        Task handshake = tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "meet.example.test", ApplicationProtocols = alpn }, stop.Token);

        var received = new List<byte>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (received.Count < 5 || received.Count < 5 + ((received[3] << 8) | received[4]))
        {
            int n = await server.GetStream().ReadAsync(buffer, timeout.Token);
            Assert.True(n > 0, "the client closed before a whole record");
            received.AddRange(buffer.AsSpan(0, n));
        }
        await stop.CancelAsync();
        server.Close();
        await Assert.ThrowsAnyAsync<Exception>(() => handshake);
        return [.. received];
    }
}
