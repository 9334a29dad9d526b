using System.Text.Json;
using Microsoft.Playwright;

namespace Jitsi.Net.Interop.Tests.Media;

/// <summary>
/// A Chromium page as a plain-SDP WebRTC peer of the bridge: it answers the bridge's offer with its fake camera
/// and microphone, and reports what it decodes (frames decoded, audio energy) from getStats.
/// </summary>
internal sealed class ChromiumPeer(IPage page)
{
    public IPage Page { get; } = page;

    public static async Task<ChromiumPeer> OpenAsync(IPage page)
    {
        await page.GotoAsync(Browser.TestPageServer.PageUrl);
        return new ChromiumPeer(page);
    }

    /// <summary>Sets the offer, attaches fake media, answers, waits for ICE gathering and returns the answer SDP.</summary>
    public Task<string> AnswerAsync(string offer) => Page.EvaluateAsync<string>("""
        async offer => {
          const pc = window.pc = new RTCPeerConnection({ bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
          window.events = [];
          pc.oniceconnectionstatechange = () => window.events.push('ice:' + pc.iceConnectionState);
          pc.onconnectionstatechange = () => window.events.push('pc:' + pc.connectionState);
          pc.ontrack = e => {
            if (e.track.kind === 'audio') {
              const audio = document.createElement('audio');
              audio.autoplay = true; audio.srcObject = new MediaStream([e.track]); document.body.appendChild(audio);
            }
          };
          await pc.setRemoteDescription({ type: 'offer', sdp: offer });
          const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 360 } });
          for (const t of pc.getTransceivers()) {
            const track = stream.getTracks().find(x => x.kind === t.receiver.track.kind);
            await t.sender.replaceTrack(track);
            t.direction = 'sendrecv';
          }
          await pc.setLocalDescription(await pc.createAnswer());
          if (pc.iceGatheringState !== 'complete') {
            await new Promise(r => pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r()));
          }
          return pc.localDescription.sdp;
        }
        """, offer);

    /// <summary>Opens the colibri-ws bridge channel and asks for video (no video is forwarded before the first
    /// ReceiverVideoConstraints, PROTOCOL.md §4.2); resolves once the bridge's ServerHello arrived.</summary>
    public Task OpenBridgeChannelAsync(string url) => Page.EvaluateAsync("""
        url => new Promise((resolve, reject) => {
          const ws = window.bridgeChannel = new WebSocket(url);
          window.channelMessages = [];
          ws.onmessage = e => {
            const message = JSON.parse(e.data);
            window.channelMessages.push(message);
            if (message.colibriClass === 'ServerHello') resolve();
          };
          ws.onerror = () => reject(new Error('bridge channel failed'));
          ws.onopen = () => ws.send(JSON.stringify({ colibriClass: 'ReceiverVideoConstraints', lastN: -1, defaultConstraints: { maxHeight: 720 } }));
        })
        """, url);

    /// <summary>The bridge-channel messages received so far, as JSON text, oldest first.</summary>
    public Task<string[]> ChannelMessagesAsync() => Page.EvaluateAsync<string[]>("() => window.channelMessages.map(m => JSON.stringify(m))");

    /// <summary>Inbound video frames decoded and audio energy so far, plus the connection states seen.</summary>
    public async Task<(long FramesDecoded, double AudioEnergy, string States)> ReceivedAsync()
    {
        var stats = await Page.EvaluateAsync<JsonElement>("""
            async () => {
              let frames = 0, energy = 0;
              for (const s of (await window.pc.getStats()).values()) {
                if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded || 0;
                if (s.type === 'inbound-rtp' && s.kind === 'audio') energy += s.totalAudioEnergy || 0;
              }
              return { frames, energy, states: window.events.join(',') };
            }
            """);
        return (stats.GetProperty("frames").GetInt64(), stats.GetProperty("energy").GetDouble(), stats.GetProperty("states").GetString() ?? "");
    }
}
