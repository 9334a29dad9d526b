using System.Text.RegularExpressions;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Xunit.Abstractions;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>Our server against the browser itself: headless Chromium offers a data channel, gets an answer that puts
/// the bridge at 127.0.0.1 as an ICE-lite, DTLS-passive peer, checks the pair and sends its ClientHello.</summary>
public sealed partial class ChromiumDtlsTests(ITestOutputHelper output) : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string Ufrag = "bridgeUfrag";
    private const string Password = "bridgePasswordForChromium";
    private const int X25519MlKem768 = 0x11EC;
    private const int Dtls13 = 0xFEFC;

    private readonly string _directory = Directory.CreateTempSubdirectory("dtls-chromium-").FullName;

    [Fact]
    public async Task ChromiumClientHello_IsReassembled_AndTheHandshakeCompletes()
    {
        Assert.True(File.Exists(Chromium), "Chromium is part of the test machine (DESIGN.md §5)");
        DtlsEndpoint? server = null;
        using var port = new IceLiteResponder(Password, () => server!.Transport);
        using (server = new DtlsEndpoint(DtlsRole.Server, port.Send))
        {
            server.Transport.Start();
            var page = Path.Combine(_directory, "peer.html");
            File.WriteAllText(page, Page(port.Port, server.Certificate.Sha256Fingerprint));
            using var chromium = StartChromium(page);

            var printed = await Task.WhenAny(chromium.FindLine(FingerprintLine()), chromium.FindLine(PageErrorLine())).WaitAsync(DtlsEndpoint.EventTimeout);
            var line = await printed;
            Assert.True(line.Groups[1].Success, chromium.Output);
            var fingerprint = line.Groups[1].Value;
            server.Transport.SetRemoteFingerprint(DtlsCertificate.FingerprintHash, fingerprint);
            var keys = await server.WaitConnectedAsync();

            Assert.Equal(DtlsRole.Server, keys.Role);
            var hello = ClientHelloView.Reassemble(port.DtlsReceived);
            Assert.NotNull(hello);
            output.WriteLine($"Chromium: {keys.Profile}; ClientHello in {hello.Fragments} fragments; supported_versions " +
                $"{string.Join(",", hello.SupportedVersions.Select(v => v.ToString("X4")))}; key_share {string.Join(",", hello.KeyShareGroups.Select(g => g.ToString("X4")))}");
            if (hello.KeyShareGroups.Contains(X25519MlKem768))
            {
                // The case this test exists for: a DTLS 1.3 offer with a post-quantum share, too big for one datagram.
                Assert.Contains(Dtls13, hello.SupportedVersions);
                Assert.True(hello.Fragments > 1);
            }
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold its profile for a moment.
        }
    }

    private ToolProcess StartChromium(string page) => new(Chromium,
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--allow-loopback-in-peer-connection",
        "--disable-features=WebRtcHideLocalIpsWithMdns", $"--user-data-dir={Path.Combine(_directory, "profile")}",
        "--enable-logging=stderr", "--v=0", new Uri(page).AbsoluteUri,
    ]);

    /// <summary>The page: offer a data channel, print the browser's fingerprint, answer as the bridge would.</summary>
    private static string Page(int port, string fingerprint) => $$"""
        <!doctype html><script>
        (async () => {
          const pc = new RTCPeerConnection();
          pc.createDataChannel('probe');
          await pc.setLocalDescription(await pc.createOffer());
          const mine = pc.localDescription.sdp.match(/a=fingerprint:sha-256 ([0-9A-F:]+)/)[1];
          console.log('FINGERPRINT ' + mine);
          const answer = [
            'v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0', 'a=ice-lite',
            'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'c=IN IP4 127.0.0.1', 'a=mid:0',
            'a=ice-ufrag:{{Ufrag}}', 'a=ice-pwd:{{Password}}',
            'a=fingerprint:sha-256 {{fingerprint}}', 'a=setup:passive', 'a=sctp-port:5000',
            'a=candidate:1 1 udp 2130706431 127.0.0.1 {{port}} typ host', 'a=end-of-candidates', ''].join('\r\n');
          await pc.setRemoteDescription({ type: 'answer', sdp: answer });
        })().catch(e => console.log('PAGE ERROR ' + e));
        </script>
        """;

    [GeneratedRegex("FINGERPRINT ([0-9A-F:]+)")]
    private static partial Regex FingerprintLine();

    [GeneratedRegex("PAGE ERROR ")]
    private static partial Regex PageErrorLine();
}
