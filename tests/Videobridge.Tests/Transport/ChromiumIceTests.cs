using System.Text.RegularExpressions;
using Jitsi.Net.Videobridge.Tests.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Tests.Transport;

/// <summary>The bridge's Worker against headless Chromium, as in a conference: the bridge offers (full ICE,
/// controlling, DTLS actpass, one loopback candidate), the browser answers with its fake microphone; the endpoint must
/// complete ICE and DTLS, hand up decrypted Opus RTP, and what it sends must reach the browser's receiver.</summary>
public sealed partial class ChromiumIceTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);
    private readonly string _directory = Directory.CreateTempSubdirectory("ice-chromium-").FullName;
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();

    [Fact]
    public async Task Chromium_AnswersTheBridgeOffer_AndAudioFlowsBothWays()
    {
        Assert.True(File.Exists(Chromium), "Chromium is part of the test machine (DESIGN.md §5)");
        using var worker = new Worker("bridge", WorkerHarness.LoopbackOptions(), _certificate);
        worker.Start();
        var sink = new MediaSink();
        var endpoint = worker.CreateEndpoint("chromium", sink);
        var page = Path.Combine(_directory, "peer.html");
        File.WriteAllText(page, Page(Offer(endpoint)));
        using var chromium = StartChromium(page);

        var line = await (await Task.WhenAny(chromium.FindLine(AnswerLine()), chromium.FindLine(PageErrorLine()))).WaitAsync(Bound);
        Assert.True(line.Groups[1].Success, chromium.Output);
        var setup = Enum.Parse<DtlsSetup>(line.Groups[4].Value, ignoreCase: true);
        worker.Post(() => endpoint.SetRemoteParameters(line.Groups[1].Value, line.Groups[2].Value, [], DtlsCertificate.FingerprintHash,
            line.Groups[3].Value, setup));

        Assert.True(await WorkerHarness.EventuallyAsync(async () => await worker.InvokeAsync(() => endpoint.State) == TransportState.Connected, Bound),
            chromium.Output);
        Assert.True(await WorkerHarness.EventuallyAsync(() => sink.Rtp.Count >= 10, Bound), chromium.Output);
        Assert.Equal(IceRole.Controlling, await worker.InvokeAsync(() => endpoint.Ice.Role));
        Assert.True(await worker.InvokeAsync(() => endpoint.Ice.SelectedPair!.Remote.IsIPv4));
        Assert.All(sink.Rtp.Take(10), packet =>
        {
            Assert.Equal(2, packet[0] >> 6);
            Assert.Equal(111, packet[1] & 0x7F);
        });
        Assert.Equal(0, TransportCounters.Read(ref worker.Counters.SrtpAuthenticationFailed));

        // The other way: Opus silence frames (RFC 6716 §3.1: code 0, one 20 ms CELT frame of zero bits) on an unsignalled
        // SSRC, which the browser counts on its default receiver.
        Assert.True(await worker.InvokeAsync(() => Enumerable.Range(0, 50).All(i => SendSilence(endpoint, (ushort)i))));
        await chromium.FindLine(InboundLine()).WaitAsync(Bound);
    }

    private static bool SendSilence(EndpointTransport endpoint, ushort sequenceNumber)
    {
        var packet = new byte[64];
        packet[0] = 0x80;
        packet[1] = 111;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), sequenceNumber);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 960u * sequenceNumber);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 0x0B1D6E01);
        packet[12] = 0xF8;
        return endpoint.TrySendRtp(packet, 13);
    }

    public void Dispose()
    {
        _certificate.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold its profile for a moment.
        }
    }

    // What the focus would put in a Jingle session-initiate, as SDP: audio only, BUNDLE, rtcp-mux, our ICE and DTLS.
    private static string Offer(EndpointTransport endpoint)
    {
        var candidate = endpoint.LocalCandidates[0];
        return string.Join("\\r\\n",
            "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
            "m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 127.0.0.1", "a=mid:0", "a=rtcp-mux", "a=sendrecv",
            $"a=ice-ufrag:{endpoint.LocalCredentials.Ufrag}", $"a=ice-pwd:{endpoint.LocalCredentials.Password}",
            $"a=fingerprint:sha-256 {endpoint.LocalFingerprint}", "a=setup:actpass", "a=rtpmap:111 opus/48000/2",
            $"a=candidate:{candidate.Foundation} 1 udp {candidate.Priority} {candidate.EndPoint.Address} {candidate.EndPoint.Port} typ host",
            "a=end-of-candidates", "");
    }

    private static string Page(string offer) => $$"""
        <!doctype html><script>
        (async () => {
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
          const pc = new RTCPeerConnection();
          await pc.setRemoteDescription({ type: 'offer', sdp: '{{offer}}' });
          const [transceiver] = pc.getTransceivers();
          transceiver.direction = 'sendrecv';
          await transceiver.sender.replaceTrack(stream.getAudioTracks()[0]);
          await pc.setLocalDescription(await pc.createAnswer());
          const sdp = pc.localDescription.sdp;
          const get = re => sdp.match(re)[1];
          console.log('ANSWER ' + get(/a=ice-ufrag:(\S+)/) + ' ' + get(/a=ice-pwd:(\S+)/) + ' '
            + get(/a=fingerprint:sha-256 ([0-9A-F:]+)/) + ' ' + get(/a=setup:(\w+)/));
          setInterval(async () => (await pc.getStats()).forEach(r => {
            if (r.type === 'inbound-rtp') console.log('INBOUND ' + r.packetsReceived);
          }), 200);
        })().catch(e => console.log('PAGE ERROR ' + e));
        </script>
        """;

    private ToolProcess StartChromium(string page) => new(Chromium,
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
        "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
        "--autoplay-policy=no-user-gesture-required", $"--user-data-dir={Path.Combine(_directory, "profile")}",
        "--enable-logging=stderr", "--v=0", new Uri(page).AbsoluteUri,
    ]);

    [GeneratedRegex(@"ANSWER (\S+) (\S+) ([0-9A-F:]+) (\w+)")]
    private static partial Regex AnswerLine();

    [GeneratedRegex(@"INBOUND [1-9]\d")]
    private static partial Regex InboundLine();

    [GeneratedRegex("PAGE ERROR ")]
    private static partial Regex PageErrorLine();
}
