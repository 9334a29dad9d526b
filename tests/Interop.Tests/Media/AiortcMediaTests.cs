using System.Diagnostics;
using System.Text.Json;

namespace Jitsi.Net.Interop.Tests.Media;

/// <summary>
/// aiortc (Debian's python3-aiortc, an independent WebRTC stack) holds an encrypted session with the bridge's
/// Worker and decodes its own media echoed back. aiortc offers only AES_CM_128_HMAC_SHA1_80, so this covers the
/// profile Chromium does not pick. Its ICE is patched in the script to gather 127.0.0.1 only.
/// </summary>
public sealed class AiortcMediaTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task AiortcDecodesItsOwnMediaThroughTheBridge()
    {
        Assert.True(File.Exists(Python), "Debian's python3 is missing: run scripts/setup.sh");
        using var bridge = new EchoBridge();
        var (transport, offer) = bridge.CreateEndpoint("aiortc1");
        var start = new ProcessStartInfo(Python, Path.Combine(AppContext.BaseDirectory, "Media", "aiortc_peer.py"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        try
        {
            await process.StandardInput.WriteLineAsync(JsonSerializer.Serialize(new { offer, seconds = 20 }));
            await process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            JsonElement? last = null;
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                var message = JsonDocument.Parse(line).RootElement;
                if (message.TryGetProperty("answer", out var answer))
                {
                    bridge.Answer(transport, PlainSdp.ParseAnswer(answer.GetString()!));
                    continue;
                }
                last = message;
                if (message.GetProperty("frames").GetInt32() > 30 && message.GetProperty("audio_frames").GetInt32() > 30)
                {
                    break;
                }
            }
            Assert.True(last is not null, "aiortc said nothing: " + await Task.WhenAny(errors, Task.Delay(1000)));
            Assert.True(last!.Value.GetProperty("frames").GetInt32() > 30, $"aiortc decoded too little video: {last}");
            Assert.True(last.Value.GetProperty("audio_frames").GetInt32() > 30, $"aiortc decoded too little audio: {last}");
            Assert.Equal(Jitsi.Net.Videobridge.Transport.Srtp.SrtpProtectionProfile.AesCm128HmacSha1_80, bridge.Profiles.GetValueOrDefault(transport));
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
