using System.Text.Json;

namespace Jitsi.Net.Interop.Tests.Browser;

/// <summary>The browser under test works here: fake media, and WebRTC between two peer connections of one page
/// over loopback (the baseline every bridge test builds on).</summary>
[Collection(ChromiumFixture.Collection)]
public sealed class ChromiumSmokeTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task TwoPeerConnectionsInOnePageDecodeVideoOverLoopback()
    {
        var page = await chromium.NewPageAsync();
        await page.RouteAsync("http://127.0.0.1/smoke", route => route.FulfillAsync(new() { ContentType = "text/html", Body = "<!doctype html><title>smoke</title>" }));
        await page.GotoAsync("http://127.0.0.1/smoke");
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240 }, audio: true });
              const a = new RTCPeerConnection(), b = new RTCPeerConnection();
              const candidates = [];
              // Only loopback candidates are handed over, so no check is ever sent to another address.
              const loopback = c => c && (c.address || '').startsWith('127.');
              a.onicecandidate = e => { if (loopback(e.candidate)) { candidates.push(e.candidate.address); b.addIceCandidate(e.candidate); } };
              b.onicecandidate = e => { if (loopback(e.candidate)) a.addIceCandidate(e.candidate); };
              stream.getTracks().forEach(t => a.addTrack(t, stream));
              const received = new Promise(r => b.ontrack = e => { if (e.track.kind === 'video') r(e.track); });
              await a.setLocalDescription(); await b.setRemoteDescription(a.localDescription);
              await b.setLocalDescription(); await a.setRemoteDescription(b.localDescription);
              await received;
              const frames = async () => { let n = 0; for (const s of (await b.getStats()).values()) if (s.type === 'inbound-rtp' && s.kind === 'video') n = s.framesDecoded || 0; return n; };
              const first = await frames();
              await new Promise(r => setTimeout(r, 1500));
              return { first, second: await frames(), candidates };
            }
            """);
        var first = result.GetProperty("first").GetInt32();
        var second = result.GetProperty("second").GetInt32();
        Assert.True(second > first && second > 10, $"frames decoded did not rise: {first} → {second}");
        Assert.NotEmpty(result.GetProperty("candidates").EnumerateArray());
    }
}
