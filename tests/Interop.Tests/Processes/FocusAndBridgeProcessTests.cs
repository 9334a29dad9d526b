using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack;
using Jitsi.Net.Stack.DevStack;

namespace Jitsi.Net.Interop.Tests.Processes;

/// <summary>The real Focus and Videobridge programs, started by the run command's runner on a private Prosody.</summary>
[Collection(ProsodyFixture.Collection)]
[SupportedOSPlatform("linux")]
public sealed class FocusAndBridgeProcessTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly ScratchDirectory _directory = new();
    private readonly StringWriter _text = new();
    private readonly TextWriter _output;

    public FocusAndBridgeProcessTests() => _output = TextWriter.Synchronized(_text);

    public void Dispose() => _directory.Dispose();

    private string Output => _text.ToString();

    [Fact]
    public async Task FocusAndBridgeConnectTheBridgeIsTrustedAndSigtermStopsThemCleanly()
    {
        var options = Focus.StackFixture.NewOptions(Path.Combine(_directory.Path, "stack"));
        using var stop = new CancellationTokenSource();
        var run = new DevStackRunner(options, _output).RunAsync(stop.Token);
        try
        {
            // The runner prints this only after both /about/health endpoints answered 200.
            await WaitForOutputAsync("Press Ctrl-C to stop.", run);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var bridgeHealth = await http.GetAsync($"http://127.0.0.1:{options.BridgeHttpPort}/about/health");
            Assert.Equal(HttpStatusCode.OK, bridgeHealth.StatusCode);
            var bridgeId = (await bridgeHealth.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

            // The focus sees the bridge in the brewery, with the stats a Jitsi focus reads.
            JsonElement bridge = default;
            await PollAsync(async () =>
            {
                var stats = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{options.FocusHttpPort}/stats");
                var bridges = stats.GetProperty("bridges").EnumerateArray().ToList();
                if (bridges.Count == 1)
                {
                    bridge = bridges[0];
                    return true;
                }
                return false;
            });
            Assert.Equal(bridgeId, bridge.GetProperty("id").GetString());
            Assert.Equal($"jvb@auth.meet.localhost/{bridgeId}", bridge.GetProperty("jid").GetString());
            Assert.Equal("true", bridge.GetProperty("stats").GetProperty("healthy").GetString());
            Assert.Equal("0.0", bridge.GetProperty("stats").GetProperty("stress_level").GetString());
        }
        finally
        {
            await stop.CancelAsync();
        }
        Assert.Equal(0, await run.WaitAsync(Bound));
        Assert.Contains("Joined the brewery", Output, StringComparison.Ordinal);
        // SIGTERM made each program leave cleanly rather than be killed after the grace period.
        Assert.DoesNotContain("killed", Output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Jitsi.Net.Focus", "Focus", "Xmpp__ComponentPort", "70000", "Xmpp:ComponentPort")]
    [InlineData("Jitsi.Net.Focus", "Focus", "Xmpp__ComponentSecret", "", "Xmpp:ComponentSecret")]
    [InlineData("Jitsi.Net.Videobridge", "Videobridge", "Xmpp__Port", "abc", "Xmpp:Port")]
    [InlineData("Jitsi.Net.Videobridge", "Videobridge", "Xmpp__BreweryJid", "not a jid", "Xmpp:BreweryJid")]
    [InlineData("Jitsi.Net.Videobridge", "Videobridge", "Xmpp__TrustedCertificatePath", "/nonexistent.pem", "Xmpp:TrustedCertificatePath")]
    public async Task BadSettingExitsNonZeroNamingTheKey(string assembly, string project, string variable, string value, string key)
    {
        var start = new ProcessStartInfo("dotnet", DevStackOptions.BuiltProgram(project, assembly, DevStackOptions.OwnConfiguration()))
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        // Every other required setting is valid, so the error can only be about the one under test.
        start.Environment[project == "Focus" ? "Xmpp__ComponentSecret" : "Xmpp__Password"] = "s";
        start.Environment[variable] = value;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Bound);
        await process.WaitForExitAsync(timeout.Token);
        Assert.Equal(2, process.ExitCode);
        var error = await stderr;
        Assert.True(error.Contains(key, StringComparison.Ordinal), error);
    }

    private async Task WaitForOutputAsync(string text, Task run)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            Assert.False(run.IsCompleted, "the stack stopped early:\n" + Output);
            await Task.Delay(100, timeout.Token);
        }
    }

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!await condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
