using System.Buffers.Binary;
using System.Collections.Concurrent;
using Jitsi.Net.Videobridge.Transport.Dtls;
using ProtocolVersion = Org.BouncyCastle.Tls.ProtocolVersion;
using DtlsTransport = Jitsi.Net.Videobridge.Transport.Dtls.DtlsTransport;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>
/// Replays the ClientHello flight a real Chromium 156 sent to the bridge (captured on loopback; it offers DTLS 1.3
/// and 1.2 with an X25519MLKEM768 key share and arrives in two handshake fragments). The server must reassemble it
/// before any fingerprint is known and answer with a plain DTLS 1.2 ServerHello carrying use_srtp and extended master
/// secret — exactly what let Chromium finish the handshake in the browser tests.
/// </summary>
public sealed class CapturedChromiumClientHelloTests
{
    [Fact]
    public void ServerAnswersTheCapturedFragmentedClientHelloWithADtls12ServerHello()
    {
        // The file holds datagrams as 2-byte big-endian lengths followed by the bytes (the dtls-record corpus format).
        ReadOnlySpan<byte> flight = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "chromium-156-client-hello-fragmented"));
        var sent = new BlockingCollection<byte[]>();
        using var certificate = DtlsCertificate.Generate();
        using var server = new DtlsTransport(certificate, DtlsRole.Server, d => sent.Add(d.ToArray()), DtlsOptions.Default);
        server.Start();
        var datagrams = 0;
        while (flight.Length >= 2)
        {
            var length = BinaryPrimitives.ReadUInt16BigEndian(flight);
            server.OnDatagram(flight.Slice(2, length));
            flight = flight[(2 + length)..];
            datagrams++;
        }
        Assert.Equal(2, datagrams);

        ServerHelloView? hello = null;
        while (hello is null && sent.TryTake(out var datagram, TimeSpan.FromSeconds(10)))
        {
            hello = ServerHelloView.Find(datagram);
        }
        Assert.NotNull(hello);
        Assert.Equal(ProtocolVersion.DTLSv12, hello.Version);
        Assert.DoesNotContain(43, hello.ExtensionTypes); // supported_versions: absent in a 1.2 answer
        Assert.Contains(14, hello.ExtensionTypes);       // use_srtp (RFC 5764 §4.1.1)
        Assert.Contains(23, hello.ExtensionTypes);       // extended_master_secret (RFC 7627)
        Assert.False(hello.HasDowngradeSentinel);
        // No fingerprint was signalled: nothing may be keyed yet.
        Assert.NotEqual(DtlsState.Connected, server.State);
    }
}
