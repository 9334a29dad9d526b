using System.Net;
using System.Runtime.Versioning;
using System.Text.Json;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack;
using Jitsi.Net.Stack.DevStack;

namespace Jitsi.Net.Interop.Tests.DevStack;

/// <summary>
/// The <c>run</c> command's runner with a real Prosody on free ports and shell scripts in place of
/// the Focus and the Videobridge.
/// </summary>
[Collection(ProsodyFixture.Collection)]
[SupportedOSPlatform("linux")]
public sealed class DevStackRunnerTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly ScratchDirectory _directory = new();
    private readonly StringWriter _text = new();
    private readonly TextWriter _output;

    public DevStackRunnerTests() => _output = TextWriter.Synchronized(_text);

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Run_ReportsAProgramThatExitsEarlyAndStopsTheRest()
    {
        DevStackOptions options = Options(focusScript: "exit 3", bridgeScript: "exec sleep 60");

        int exitCode = await new DevStackRunner(options, _output).RunAsync(CancellationToken.None).WaitAsync(Bound);

        Assert.Equal(1, exitCode);
        Assert.Contains("[stack] focus exited early with code 3", Output);
        Assert.Contains("[stack] stopping", Output);
        Assert.True(FreePorts.IsFree(IPAddress.Loopback, options.C2sPort), "Prosody still holds its c2s port");
    }

    [Fact]
    public async Task Run_PassesSettingsWaitsForHealthAndStopsOnCancel()
    {
        string focusEnv = Path.Combine(_directory.Path, "focus.env");
        string bridgeEnv = Path.Combine(_directory.Path, "jvb.env");
        DevStackOptions options = Options($"env > '{focusEnv}'; exec sleep 60", $"env > '{bridgeEnv}'; exec sleep 60");
        using var stop = new CancellationTokenSource();
        Task<int> run = new DevStackRunner(options, _output).RunAsync(stop.Token);

        // The runner checks the health ports are free before starting the programs; once both run,
        // the test answers their health checks in their place.
        await WaitForOutputAsync("started jvb");
        using HttpListener health = ServeHealth(options.FocusHttpPort, options.BridgeHttpPort);
        await WaitForOutputAsync("Press Ctrl-C to stop.");
        await stop.CancelAsync();
        int exitCode = await run.WaitAsync(Bound);

        Assert.Equal(0, exitCode);
        Dictionary<string, string> focus = ReadEnvironment(focusEnv);
        Dictionary<string, string> bridge = ReadEnvironment(bridgeEnv);
        using JsonDocument secrets = JsonDocument.Parse(File.ReadAllText(Path.Combine(options.DataDirectory, StackSecrets.FileName)));
        Assert.Equal(secrets.RootElement.GetProperty("ComponentSecret").GetString(), focus["Xmpp__ComponentSecret"]);
        Assert.Equal(options.ComponentPort.ToString(), focus["Xmpp__ComponentPort"]);
        Assert.Equal("focus.meet.localhost", focus["Xmpp__ComponentName"]);
        Assert.Equal("jvbbrewery@internal.auth.meet.localhost", focus["Xmpp__BreweryJid"]);
        Assert.Equal(secrets.RootElement.GetProperty("BridgePassword").GetString(), bridge["Xmpp__Password"]);
        Assert.Equal("auth.meet.localhost", bridge["Xmpp__Domain"]);
        Assert.Equal(options.BridgeHttpPort.ToString(), bridge["Http__Private__Port"]);
        Assert.True(File.Exists(bridge["Xmpp__TrustedCertificatePath"]));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(options.DataDirectory, StackSecrets.FileName)));
        Assert.Contains($"ws://127.0.0.1:{options.HttpPort}/xmpp-websocket", Output);
        Assert.True(FreePorts.IsFree(IPAddress.Loopback, options.C2sPort), "Prosody still holds its c2s port");
    }

    private string Output => _text.ToString();

    private DevStackOptions Options(string focusScript, string bridgeScript)
    {
        return Focus.StackFixture.NewOptions(Path.Combine(_directory.Path, "stack")) with
        {
            FocusDll = WriteScript("focus.sh", focusScript),
            BridgeDll = WriteScript("jvb.sh", bridgeScript),
            ProgramHost = "/bin/sh",
            HealthTimeout = Bound,
            StopGrace = TimeSpan.FromSeconds(5),
        };
    }

    private string WriteScript(string name, string body)
    {
        string path = Path.Combine(_directory.Path, name);
        File.WriteAllText(path, body + "\n");
        return path;
    }

    private async Task WaitForOutputAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static HttpListener ServeHealth(params int[] ports)
    {
        var listener = new HttpListener();
        foreach (int port in ports)
        {
            listener.Prefixes.Add($"http://127.0.0.1:{port}/about/");
        }

        listener.Start();
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                try
                {
                    HttpListenerContext context = await listener.GetContextAsync();
                    context.Response.StatusCode = 200;
                    context.Response.Close();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
            }
        });
        return listener;
    }

    private static Dictionary<string, string> ReadEnvironment(string path) =>
        File.ReadAllLines(path)
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .GroupBy(parts => parts[0])
            .ToDictionary(g => g.Key, g => g.Last()[1]);
}
