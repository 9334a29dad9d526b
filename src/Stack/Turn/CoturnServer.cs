using System.Diagnostics;
using System.Globalization;
using System.Net;
using Jitsi.Net.Stack.Processes;

namespace Jitsi.Net.Stack.Turn;

/// <summary>
/// A private coturn (Debian's <c>turnserver</c>) run in the foreground as a child process, configured from
/// <c>config/turnserver.conf.template</c>. Start and dispose from one task.
/// </summary>
public sealed class CoturnServer : IAsyncDisposable
{
    public const string TemplateFileName = "turnserver.conf.template";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly ChildProcess _process;

    private CoturnServer(CoturnOptions options, ChildProcess process)
    {
        Options = options;
        _process = process;
    }

    public CoturnOptions Options { get; }

    /// <summary>What coturn wrote most recently (its log goes to stdout).</summary>
    public IReadOnlyList<string> LastLines => _process.LastLines;

    /// <summary>Renders the config, starts coturn and returns once its TCP listener accepts connections.</summary>
    /// <exception cref="InvalidOperationException">coturn is missing, exited, or did not come up in time.</exception>
    public static async Task<CoturnServer> StartAsync(CoturnOptions options, Action<string>? onOutputLine, CancellationToken cancellationToken)
    {
        if (ExecutableSearch.Find(options.Executable) is null)
        {
            throw new InvalidOperationException($"The TURN server '{options.Executable}' was not found; install coturn (scripts/setup.sh does).");
        }
        Directory.CreateDirectory(options.DataDirectory);
        OwnerOnlyFile.Write(options.ConfigPath, Render(options));
        ChildProcess process = ChildProcess.Start("coturn", options.Executable, ["-c", options.ConfigPath, .. options.Verbose ? ["--verbose"] : Array.Empty<string>()], onLine: onOutputLine, workingDirectory: options.DataDirectory);
        var server = new CoturnServer(options, process);
        try
        {
            var address = IPAddress.Parse(options.ListenAddress);
            var stopwatch = Stopwatch.StartNew();
            while (!await FreePorts.AcceptsAsync(address, options.Port, cancellationToken).ConfigureAwait(false))
            {
                if (process.HasExited || stopwatch.Elapsed > StartTimeout)
                {
                    throw new InvalidOperationException(
                        $"coturn did not open {options.ListenAddress}:{options.Port}/tcp ({(process.HasExited ? "it exited" : "timed out")}):\n"
                        + string.Join('\n', process.LastLines));
                }
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The config for <paramref name="options"/>.</summary>
    public static string Render(CoturnOptions options)
    {
        var peers = options.AllowedPeers.Select(p => $"allowed-peer-ip={p}").ToList();
        if (options.HasLoopbackPeer)
        {
            peers.Add("allow-loopback-peers");
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LISTEN_IP"] = options.ListenAddress,
            ["PORT"] = Number(options.Port),
            ["TLS_PORT"] = Number(options.TlsPort),
            ["RELAY_IP"] = options.ListenAddress,
            ["MIN_PORT"] = Number(options.MinRelayPort),
            ["MAX_PORT"] = Number(options.MaxRelayPort),
            ["SECRET"] = options.Secret,
            ["REALM"] = options.Realm,
            ["CERT_PATH"] = options.CertificatePath,
            ["KEY_PATH"] = options.KeyPath,
            ["ALLOWED_PEERS"] = string.Join('\n', peers),
            ["DATA_DIR"] = options.DataDirectory,
        };
        foreach ((string key, string value) in values)
        {
            if (value.Contains('\n', StringComparison.Ordinal) && key != "ALLOWED_PEERS")
            {
                throw new ArgumentException($"A line break in the coturn value {key}.", nameof(options));
            }
        }
        return ConfigTemplates.Fill(File.ReadAllText(ConfigTemplates.Find(TemplateFileName)), values, "coturn config");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        await _process.DisposeAsync().ConfigureAwait(false);
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
