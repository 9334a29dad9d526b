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
        var ports = FreePorts.Allocate(2);
        var start = new ProcessStartInfo("dotnet", DevStackOptions.BuiltProgram("Videobridge", "Jitsi.Net.Videobridge", DevStackOptions.OwnConfiguration()))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var o = prosody.Options;
        start.Environment["Xmpp__Port"] = o.C2sPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Xmpp__Password"] = o.BridgePassword;
        start.Environment["Xmpp__TrustedCertificatePath"] = prosody.Server.CertificatePath;
        start.Environment["Bridge__Id"] = "jvb-http-test";
        start.Environment["Http__Private__Port"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Http__Public__Port"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Media__BindAddress"] = "127.0.0.1";
        start.Environment["Media__Port"] = "0";
        using var process = Process.Start(start)!;
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var baseUrl = $"http://127.0.0.1:{ports[0]}";
            using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                while (true)
                {
                    try
                    {
                        if ((await http.GetAsync(baseUrl + "/about/health", timeout.Token)).StatusCode == HttpStatusCode.OK)
                        {
                            break;
                        }
                    }
                    catch (HttpRequestException)
                    {
                    }
                    Assert.False(process.HasExited, "the bridge exited:\n" + output);
                    await Task.Delay(100, timeout.Token);
                }
            }

            var metrics = await http.GetStringAsync(baseUrl + "/metrics");
            Assert.Contains("jitsinet_bridge_conferences 0", metrics, StringComparison.Ordinal);
            Assert.Contains("jitsinet_bridge_endpoints 0", metrics, StringComparison.Ordinal);
            var stats = await http.GetFromJsonAsync<JsonElement>(baseUrl + "/colibri/stats");
            Assert.Equal(0, stats.GetProperty("conferences").GetInt32());
            Assert.True(stats.GetProperty("healthy").GetBoolean());
            // The private surface is not served on the public port.
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"http://127.0.0.1:{ports[1]}/colibri/stats")).StatusCode);

            var shutdown = await http.PostAsync(baseUrl + "/colibri/shutdown", null);
            Assert.Equal(HttpStatusCode.OK, shutdown.StatusCode);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(exit.Token);
            Assert.Equal(0, process.ExitCode);
            lock (output)
            {
                Assert.Contains("Graceful shutdown requested", output.ToString(), StringComparison.Ordinal);
            }
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
