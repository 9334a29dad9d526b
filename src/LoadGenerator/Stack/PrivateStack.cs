using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Jitsi.Net.Stack;
using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.LoadGenerator.Stack;

/// <summary>
/// The bridge-only stack a run can bring up for itself on loopback: a private Prosody (free ports, fresh secrets, a
/// temporary data directory) and the built Videobridge program as a child process with one media Worker on a free
/// port, optionally pinned to one core with <c>taskset</c>. Ready once the bridge's <c>/about/health</c> answers 200.
/// Everything is stopped and deleted on dispose. Owned by the run.
/// </summary>
internal sealed class PrivateStack : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private readonly StringBuilder _bridgeOutput = new();
    private ProsodyServer? _prosody;
    private Process? _bridge;

    private PrivateStack(string directory) => _directory = directory;

    public ProsodyOptions Options => _prosody!.Options;

    public string BridgeId { get; } = "jvb-load";

    public int BridgeProcessId => _bridge!.Id;

    public string BridgeOutput
    {
        get
        {
            lock (_bridgeOutput)
            {
                return _bridgeOutput.ToString();
            }
        }
    }

    public static async Task<PrivateStack> StartAsync(int? bridgeCore, TextWriter log, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("jitsi-load-").FullName;
        var stack = new PrivateStack(directory);
        try
        {
            stack._prosody = await ProsodyServer.StartAsync(ProsodyOptions.WithFreePorts(Path.Combine(directory, "prosody")), cancellationToken)
                .ConfigureAwait(false);
            log.WriteLine($"Prosody on 127.0.0.1:{stack.Options.C2sPort} (component port {stack.Options.ComponentPort})");
            await stack.StartBridgeAsync(bridgeCore, cancellationToken).ConfigureAwait(false);
            log.WriteLine($"Videobridge pid {stack.BridgeProcessId}{(bridgeCore is { } core ? $" pinned to core {core}" : "")}");
            return stack;
        }
        catch
        {
            await stack.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_bridge is { } bridge)
        {
            if (!bridge.HasExited)
            {
                bridge.Kill(entireProcessTree: true);
                await bridge.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            bridge.Dispose();
        }
        if (_prosody is not null)
        {
            await _prosody.DisposeAsync().ConfigureAwait(false);
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task StartBridgeAsync(int? core, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Allocate(2);
        var program = BridgeProgram();
        if (!File.Exists(program))
        {
            throw new FileNotFoundException($"the Videobridge is not built: {program}");
        }
        var start = core is { } c
            ? new ProcessStartInfo("taskset", ["-c", c.ToString(CultureInfo.InvariantCulture), "dotnet", program])
            : new ProcessStartInfo("dotnet", [program]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        foreach (var (key, value) in BridgeEnvironment(Options, BridgeId, ports[0], ports[1]))
        {
            start.Environment[key] = value;
        }
        _bridge = Process.Start(start) ?? throw new InvalidOperationException("the Videobridge did not start");
        _bridge.OutputDataReceived += (_, e) => Append(e.Data);
        _bridge.ErrorDataReceived += (_, e) => Append(e.Data);
        _bridge.BeginOutputReadLine();
        _bridge.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        var health = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports[0]}/about/health");
        while (true)
        {
            try
            {
                if ((await http.GetAsync(health, timeout.Token).ConfigureAwait(false)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (_bridge.HasExited)
            {
                throw new InvalidOperationException("the Videobridge exited:\n" + BridgeOutput);
            }
            await Task.Delay(100, timeout.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The bridge's settings (.NET configuration keys as environment variables): this stack's Prosody,
    /// loopback media on a free port with one Worker, quiet logs.</summary>
    private static Dictionary<string, string> BridgeEnvironment(ProsodyOptions xmpp, string bridgeId, int privatePort, int publicPort)
    {
        var invariant = CultureInfo.InvariantCulture;
        return new Dictionary<string, string>
        {
            ["Xmpp__Port"] = xmpp.C2sPort.ToString(invariant),
            ["Xmpp__Password"] = xmpp.BridgePassword,
            ["Xmpp__TrustedCertificatePath"] = xmpp.CertificatePath,
            ["Bridge__Id"] = bridgeId,
            ["Http__Private__Port"] = privatePort.ToString(invariant),
            ["Http__Public__Port"] = publicPort.ToString(invariant),
            ["Http__Public__WebSocketBaseUrl"] = string.Create(invariant, $"ws://127.0.0.1:{publicPort}"),
            ["Media__BindAddress"] = "127.0.0.1",
            ["Media__Port"] = "0",
            ["Media__Workers"] = "1",
            ["Media__AllowedRemoteNetworks__0"] = "127.0.0.0/8",
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    /// <summary>The Videobridge built in the same configuration: <c>src/Videobridge/bin/…</c> of the checkout this
    /// program runs from (where the dev stack and the tests run it), else the copy beside this program.</summary>
    private static string BridgeProgram()
    {
        const string Assembly = "Jitsi.Net.Videobridge.dll";
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))) ?? "Debug";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var built = Path.Combine(directory.FullName, "src", "Videobridge", "bin", configuration, "net10.0", Assembly);
            if (File.Exists(Path.Combine(directory.FullName, "Jitsi.Net.sln")) && File.Exists(built))
            {
                return built;
            }
        }
        return Path.Combine(AppContext.BaseDirectory, Assembly);
    }

    private void Append(string? line)
    {
        lock (_bridgeOutput)
        {
            if (_bridgeOutput.Length < 64 * 1024)
            {
                _bridgeOutput.AppendLine(line);
            }
        }
    }
}
