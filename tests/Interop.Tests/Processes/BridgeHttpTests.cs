using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack;
using Jitsi.Net.Stack.DevStack;

namespace Jitsi.Net.Interop.Tests.Processes;

/// <summary>The Videobridge program's HTTP surface and graceful shutdown, against the shared Prosody.</summary>
[Collection(ProsodyFixture.Collection)]
[SupportedOSPlatform("linux")]
public sealed class BridgeHttpTests(ProsodyFixture prosody)
{
    [Fact]
    public async Task MetricsStatsAndGracefulShutdownExit()
    {
        await using var bridge = await BridgeProcess.StartAsync(prosody, "jvb-http-test");
        var process = bridge.Process;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var baseUrl = bridge.BaseUrl;
        var metrics = await http.GetStringAsync(baseUrl + "/metrics");
        Assert.Contains("jitsinet_bridge_conferences 0", metrics, StringComparison.Ordinal);
        Assert.Contains("jitsinet_bridge_endpoints 0", metrics, StringComparison.Ordinal);
        var stats = await http.GetFromJsonAsync<JsonElement>(baseUrl + "/colibri/stats");
        Assert.Equal(0, stats.GetProperty("conferences").GetInt32());
        Assert.True(stats.GetProperty("healthy").GetBoolean());
        // The private surface is not served on the public port.
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{bridge.PublicPort}/colibri/stats")).StatusCode);

        var shutdown = await http.PostAsync(baseUrl + "/colibri/shutdown", null);
        Assert.Equal(HttpStatusCode.OK, shutdown.StatusCode);
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(exit.Token);
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("Graceful shutdown requested", bridge.Output, StringComparison.Ordinal);
    }
}
