using Jitsi.Net.Videobridge.Transport.Dtls;
using Org.BouncyCastle.Tls;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>A browser offering DTLS 1.3 with a post-quantum key share sends a ClientHello larger than one datagram,
/// in several handshake fragments (RFC 6347 §4.2.3); our server must reassemble it and answer with DTLS 1.2.</summary>
public sealed class FragmentedClientHelloTests
{
    [Theory]
    [InlineData(400, false, false, 2500)]
    [InlineData(250, true, false, 2500)]   // fragments arriving last-first
    [InlineData(200, false, true, 600)]    // all fragments as records of one datagram
    public async Task FragmentedClientHello_CompletesTheHandshake(int fragmentLength, bool reverseOrder, bool coalesce, int paddingLength)
    {
        var result = await HandshakeAsync(offerDtls13: false, paddingLength, new ClientHelloFragmenter(fragmentLength, reverseOrder, coalesce));

        Assert.True(result.Fragmenter.ClientHellosSplit >= 1);
        Assert.Equal(result.ClientKeys, result.ServerKeys.KeyingMaterial);
    }

    [Fact]
    public async Task ClientHelloOffering13And12WithAPostQuantumKeyShare_Negotiates12()
    {
        var result = await HandshakeAsync(offerDtls13: true, paddingLength: 0, new ClientHelloFragmenter(500));

        Assert.True(result.Fragmenter.ClientHellosSplit >= 1);
        Assert.Equal(ProtocolVersion.DTLSv12, result.Version);
        Assert.Equal(result.ClientKeys, result.ServerKeys.KeyingMaterial);
        var serverHello = result.ServerHello!;
        Assert.Equal(ProtocolVersion.DTLSv12, serverHello.Version);
        Assert.DoesNotContain(43, serverHello.ExtensionTypes); // no supported_versions: this is a 1.2 ServerHello
        Assert.DoesNotContain(51, serverHello.ExtensionTypes);
        Assert.Contains(14, serverHello.ExtensionTypes);       // use_srtp
        Assert.Contains(23, serverHello.ExtensionTypes);       // extended_master_secret
        // RFC 8446 §4.1.3: only a server that supports 1.3 marks a 1.2 answer; a marked random would make
        // Chromium abort as if under a downgrade attack.
        Assert.False(serverHello.HasDowngradeSentinel);
    }

    /// <summary>Why the bridge skips the cookie exchange: BouncyCastle's stateless cookie check (DtlsVerifier, used
    /// before <c>DtlsServerProtocol.Accept</c> with a request) only reads a ClientHello that sits whole in one
    /// record. A fragmented one is silently ignored, so a browser's large hello would never get a
    /// HelloVerifyRequest, and the handshake would stall until timeout.</summary>
    [Fact]
    public async Task CookieExchange_IgnoresAFragmentedClientHello_ButAnswersAWholeOne()
    {
        var clientHello = await FirstFlightAsync();
        var fragments = new ClientHelloFragmenter(400).Rewrite(clientHello);
        var verifier = new DtlsVerifier(new Org.BouncyCastle.Tls.Crypto.Impl.BC.BcTlsCrypto(new Org.BouncyCastle.Security.SecureRandom()));
        var answers = new List<byte[]>();
        var sender = new MemoryDatagramTransport(answers.Add);

        Assert.True(fragments.Count > 1);
        foreach (var fragment in fragments)
        {
            Assert.Null(verifier.VerifyRequest([1], fragment, 0, fragment.Length, sender));
        }
        Assert.Empty(answers);

        Assert.Null(verifier.VerifyRequest([1], clientHello, 0, clientHello.Length, sender));
        Assert.Single(answers);
        Assert.Equal(3, answers[0][13]); // hello_verify_request
    }

    /// <summary>The first datagram a large-hello client sends, as one record.</summary>
    private static async Task<byte[]> FirstFlightAsync()
    {
        using var certificate = DtlsCertificate.Generate("client");
        var first = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var transport = new MemoryDatagramTransport(d => first.TrySetResult(d), sendLimit: 8000);
        var client = new BcTestClient(certificate, offerDtls13: true, handshakeTimeoutMillis: 200);
        var connect = Task.Run(() => new DtlsClientProtocol().Connect(client, transport));
        var datagram = await first.Task.WaitAsync(DtlsEndpoint.EventTimeout);
        await Assert.ThrowsAnyAsync<IOException>(() => connect.WaitAsync(DtlsEndpoint.EventTimeout));
        Assert.True(datagram.Length > DtlsDatagramQueue.SendLimit);
        return datagram;
    }

    private static async Task<HandshakeResult> HandshakeAsync(bool offerDtls13, int paddingLength, ClientHelloFragmenter fragmenter)
    {
        using var clientCertificate = DtlsCertificate.Generate("client");
        var client = new BcTestClient(clientCertificate, offerDtls13, paddingLength);
        using var session = new BcClientSession(client, clientCertificate, fragmenter);

        var transport = await session.Connect.WaitAsync(DtlsEndpoint.EventTimeout);
        var serverKeys = await session.Server.WaitConnectedAsync();
        transport.Close();
        return new HandshakeResult(fragmenter, client.KeyingMaterial!, serverKeys, client.NegotiatedVersion!, session.ServerHello);
    }

    private sealed record HandshakeResult(ClientHelloFragmenter Fragmenter, byte[] ClientKeys, DtlsKeys ServerKeys, ProtocolVersion Version, ServerHelloView? ServerHello);
}
