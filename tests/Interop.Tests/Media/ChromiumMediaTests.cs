using Jitsi.Net.Interop.Tests.Browser;

namespace Jitsi.Net.Interop.Tests.Media;

/// <summary>
/// A real Chromium holds an encrypted session with the bridge's Worker (ICE with the bridge controlling, DTLS 1.2
/// negotiated down from Chromium's 1.3 offer, SRTP) and decodes its own camera and microphone sent back by the echo
/// endpoint. Loopback only.
/// </summary>
[Collection(ChromiumFixture.Collection)]
public sealed class ChromiumMediaTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task ChromiumDecodesItsOwnMediaThroughTheBridge()
    {
        using var bridge = new EchoBridge();
        var (transport, offer) = bridge.CreateEndpoint("chromium1");
        var peer = await ChromiumPeer.OpenAsync(await chromium.NewPageAsync());
        var answer = PlainSdp.ParseAnswer(await peer.AnswerAsync(offer));
        Assert.NotEmpty(answer.Candidates);
        bridge.Answer(transport, answer);

        long firstFrames = 0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var (frames, energy, states) = await peer.ReceivedAsync();
            if (firstFrames == 0 && frames > 0)
            {
                firstFrames = frames;
            }
            if (firstFrames > 0 && frames > firstFrames + 30 && energy > 0)
            {
                break;
            }
            Assert.False(states.Contains("ice:failed", StringComparison.Ordinal), "ICE failed: " + states);
            await Task.Delay(200, timeout.Token);
        }
        Assert.True(Interlocked.Read(ref bridge.RtpEchoed) > 100);
        Assert.True(Interlocked.Read(ref bridge.RtcpReceived) > 0);
        // Chromium offers DTLS 1.3 and AES-GCM first; the bridge negotiates 1.2 with GCM.
        Assert.Equal(Jitsi.Net.Videobridge.Transport.Srtp.SrtpProtectionProfile.AeadAes128Gcm, bridge.Profiles.GetValueOrDefault(transport));
    }
}
