using System.Diagnostics;
using System.Runtime.Versioning;
using System.Text.Json;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Interop.Tests.Focus;
using Jitsi.Net.Stack;
using Jitsi.Net.Stack.DevStack;

namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>
/// The stack exactly as <c>./run.sh</c> starts it — Prosody, the Focus and the Videobridge processes and the web
/// page served by the run command — on free loopback ports, with the web client freshly built. Shared by the tests
/// of a class.
/// </summary>
[SupportedOSPlatform("linux")]
public class WebStackFixture : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly StringWriter _log = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ScratchDirectory _scratch = new();
    private Task<int>? _run;

    /// <summary>What the run command printed (its own lines and the programs').</summary>
    public string Output => _log.ToString();

    internal DevStackOptions Options { get; private set; } = null!;

    /// <summary>The join page, asking the fake camera for 320×180 so three pages fit on two cores.</summary>
    public string PageUrl => Options.WebUrl + "?video=180";

    /// <summary>Where screenshots go: <c>artifacts/screenshots/</c> beside the other test results.</summary>
    public static string ScreenshotDirectory => Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(DevStackOptions.BuiltWebClient()))!, "artifacts", "screenshots");

    public virtual async Task InitializeAsync()
    {
        string webRoot = DevStackOptions.BuiltWebClient();
        await BuildWebClientAsync(Path.GetDirectoryName(webRoot)!);
        Options = Configure(StackFixture.NewOptions(Path.Combine(_scratch.Path, "stack")) with { WebRoot = webRoot, WebPort = FreePorts.Allocate(1)[0] });
        var runner = new DevStackRunner(Options, TextWriter.Synchronized(_log));
        _run = runner.RunAsync(_stop.Token);
        await Task.WhenAny(runner.Ready, _run).WaitAsync(Bound);
        if (!runner.Ready.IsCompleted)
        {
            throw new InvalidOperationException("the stack stopped early:\n" + Output);
        }
    }

    /// <summary>Changes to the run command's settings (another XMPP server) before the stack starts.</summary>
    private protected virtual DevStackOptions Configure(DevStackOptions options) => options;

    /// <summary>The endpoint ids the bridge holds in its conferences (<c>GET /colibri/stats</c>).</summary>
    public async Task<IReadOnlyList<string>> BridgeEndpointsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var stats = JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{Options.BridgeHttpPort}/colibri/stats")));
        return [.. stats.RootElement.GetProperty("conference_list").EnumerateArray()
            .SelectMany(c => c.GetProperty("endpoints").EnumerateArray())
            .Select(e => e.GetString()!)];
    }

    public virtual async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(Bound);
        }
        // The programs' logs beside the screenshots, for a failure seen only on CI.
        Directory.CreateDirectory(ScreenshotDirectory);
        await File.WriteAllTextAsync(Path.Combine(ScreenshotDirectory, "..", LogName), Output);
        _scratch.Dispose();
        _stop.Dispose();
    }

    /// <summary>Copies an XMPP server's log beside the stack's, for failures seen only on CI.</summary>
    private protected void KeepServerLog(string? logPath, string prefix)
    {
        if (logPath is not null && File.Exists(logPath))
        {
            Directory.CreateDirectory(ScreenshotDirectory);
            File.Copy(logPath, Path.Combine(ScreenshotDirectory, "..", prefix + LogName), overwrite: true);
        }
    }

    /// <summary>The file name of the stack's log beside the screenshots.</summary>
    protected virtual string LogName => "web-stack.log";

    /// <summary>What <c>./run.sh</c> does before starting: <c>npm run build</c> in <c>web/</c>.</summary>
    internal static async Task BuildWebClientAsync(string webDirectory)
    {
        var start = new ProcessStartInfo("npm", ["run", "build", "--prefix", webDirectory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("npm did not start");
        Task<string> output = npm.StandardOutput.ReadToEndAsync();
        Task<string> errors = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Bound);
        await npm.WaitForExitAsync(timeout.Token);
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm run build failed ({npm.ExitCode}):\n{await output}\n{await errors}");
        }
    }
}
