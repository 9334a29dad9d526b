using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using Jitsi.Net.Interop.Tests.Browser;
using Xunit.Abstractions;

namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>
/// Simulcast through the real stack in Chromium: a sender's camera at 640×360 goes out in two VP8 encodings (180p and
/// 360p); a receiver that caps its video at 180p (the page's <c>?maxHeight=180</c>) decodes the low encoding, and when
/// it lifts the cap and sets it again the bridge switches encodings under it while the decoder keeps going: frames
/// decoded keep rising with no second-long freeze, and the decoded height follows (getStats <c>frameHeight</c>).
/// </summary>
[Collection(ChromiumFixture.Collection)]
[SupportedOSPlatform("linux")]
public sealed class SimulcastWebTests(PrivateChromiumFixture browser, WebStackFixture stack, ITestOutputHelper output)
    : IClassFixture<WebStackFixture>, IClassFixture<PrivateChromiumFixture>
{
    private readonly ChromiumFixture _chromium = browser.Chromium;

    private static readonly TimeSpan MediaBound = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan Freeze = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task ReceiverCappedAt180p_GetsTheLowLayer_AndKeepsDecodingThroughSwitches()
    {
        var sender = await WebParticipant.JoinAsync(await _chromium.NewPageAsync(), stack.Options.WebUrl + "?video=360", "simulcast", "Ada");
        var receiver = await WebParticipant.JoinAsync(await _chromium.NewPageAsync(), stack.Options.WebUrl + "?video=180&maxHeight=180", "simulcast", "Bob");
        var source = sender.EndpointId + "-v0";
        var samples = new List<(TimeSpan At, long Frames, int Height)>();
        var clock = Stopwatch.StartNew();

        async Task<(long Frames, int Height)> SampleAsync()
        {
            var (frames, height) = await ReadAsync(receiver, source);
            samples.Add((clock.Elapsed, frames, height));
            return (frames, height);
        }

        async Task WaitForHeightAsync(Func<int, bool> wanted, string what)
        {
            var deadline = clock.Elapsed + MediaBound;
            while (true)
            {
                var (frames, height) = await SampleAsync();
                if (frames > 0 && wanted(height))
                {
                    output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {what}: {height}p, {frames} frames");
                    return;
                }
                Assert.True(clock.Elapsed < deadline, $"no {what} within {MediaBound.TotalSeconds} s: last {height}p, {frames} frames");
                await Task.Delay(SampleInterval);
            }
        }

        async Task KeepDecodingAsync(TimeSpan span, Func<int, bool> wanted)
        {
            var until = clock.Elapsed + span;
            while (clock.Elapsed < until)
            {
                var (_, height) = await SampleAsync();
                Assert.True(wanted(height), $"decoded {height}p at {clock.Elapsed.TotalSeconds:0.0} s");
                await Task.Delay(SampleInterval);
            }
        }

        // The browser is this class's own, so its fake camera gives the size asked (640×360); were it 640×480, the low
        // encoding would be 240p, the lowest there is, which a 180p cap gets too (the cap is soft; PROTOCOL.md §4.2).
        // So "low" is at most half the capture height.
        var capture = await CaptureHeightAsync(sender);
        Assert.True(capture >= 360, $"the sender's camera gives {capture}p, too small for two simulcast encodings");
        var low = Math.Max(180, capture / 2);
        output.WriteLine($"sender captures {capture}p; low encoding at most {low}p");

        // 180p cap: the low encoding.
        await WaitForHeightAsync(h => h > 0 && h <= low, "the low encoding");
        await KeepDecodingAsync(TimeSpan.FromSeconds(4), h => h <= low);
        // Cap lifted to 720: the bridge moves the receiver to the higher encoding at a key frame.
        await receiver.Page.EvaluateAsync("() => window.jitsiNet.setMaxHeight(720)");
        await WaitForHeightAsync(h => h > low, "the higher encoding");
        await KeepDecodingAsync(TimeSpan.FromSeconds(3), h => h > low);
        // And back down.
        await receiver.Page.EvaluateAsync("() => window.jitsiNet.setMaxHeight(180)");
        await WaitForHeightAsync(h => h > 0 && h <= low, "the low encoding again");
        await KeepDecodingAsync(TimeSpan.FromSeconds(3), h => h <= low);

        AssertNoFreeze(samples);
        foreach (var p in new[] { sender, receiver })
        {
            await p.ClickAsync("#leave");
            await p.Page.Context.CloseAsync();
        }
    }

    /// <summary>The height of the sender's own camera as its self view (the mirrored tile) shows it.</summary>
    private static async Task<int> CaptureHeightAsync(WebParticipant sender)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var height = await sender.Page.EvaluateAsync<int>("() => document.querySelector('video.mirrored')?.videoHeight ?? 0");
            if (height > 0)
            {
                return height;
            }
            Assert.True(clock.Elapsed < MediaBound, "the sender's self view never showed its camera");
            await Task.Delay(SampleInterval);
        }
    }

    /// <summary>Once the stream runs (ten frames decoded), frames decoded rose within every second.</summary>
    private void AssertNoFreeze(List<(TimeSpan At, long Frames, int Height)> samples)
    {
        var first = samples.FindIndex(s => s.Frames >= 10);
        Assert.True(first >= 0);
        var lastRise = samples[first];
        var (longest, longestAt) = (TimeSpan.Zero, TimeSpan.Zero);
        foreach (var sample in samples.Skip(first + 1))
        {
            if (sample.Frames > lastRise.Frames)
            {
                if (sample.At - lastRise.At > longest)
                {
                    (longest, longestAt) = (sample.At - lastRise.At, lastRise.At);
                }
                lastRise = sample;
            }
            Assert.True(sample.At - lastRise.At <= Freeze,
                $"frames decoded stuck at {lastRise.Frames} from {lastRise.At.TotalSeconds:0.0} s to {sample.At.TotalSeconds:0.0} s");
        }
        output.WriteLine($"{samples.Count} samples, {samples[^1].Frames - samples[first].Frames} frames decoded, longest gap between rises {longest.TotalMilliseconds:0} ms (from {longestAt.TotalSeconds:0.0} s)");
    }

    /// <summary>Frames decoded and the height of the last decoded frame for one remote source (0 when not yet).</summary>
    private static async Task<(long Frames, int Height)> ReadAsync(WebParticipant receiver, string source)
    {
        var tracks = await receiver.Page.EvaluateAsync<JsonElement>("async () => window.jitsiNet ? await window.jitsiNet.stats() : []");
        foreach (var t in tracks.EnumerateArray())
        {
            if (t.GetProperty("source").GetString() == source)
            {
                var height = t.TryGetProperty("frameHeight", out var h) ? h.GetInt32() : 0;
                return (t.GetProperty("framesDecoded").GetInt64(), height);
            }
        }
        return (0, 0);
    }
}
