using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Jitsi.Net.Stack.Processes;

namespace Jitsi.Net.Stack.Prosody;

/// <summary>
/// One private Prosody run in the foreground as a child process, configured from the template for
/// <see cref="ProsodyOptions"/>. Start, stop and restart are not meant to overlap; callers serialise them.
/// </summary>
public sealed class ProsodyServer : IAsyncDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Action<string>? _onOutputLine;
    private ChildProcess? _process;

    private ProsodyServer(ProsodyOptions options, Action<string>? onOutputLine)
    {
        Options = options;
        _onOutputLine = onOutputLine;
    }

    public ProsodyOptions Options { get; }

    /// <summary>PEM certificate Prosody presents; clients trust this file.</summary>
    public string CertificatePath => Options.CertificatePath;

    public string ConfigPath => Options.ConfigPath;

    public string LogPath => Options.LogPath;

    /// <summary>Process id of the running server, or null while stopped.</summary>
    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <inheritdoc cref="StartAsync(ProsodyOptions, Action{string}?, CancellationToken)"/>
    public static Task<ProsodyServer> StartAsync(ProsodyOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, null, cancellationToken);

    /// <summary>
    /// Writes the certificate and config into the data directory, creates the bridge account and the
    /// <see cref="ProsodyOptions.Accounts"/> (with <c>prosodyctl register</c>, against the private config) and
    /// starts Prosody; returns once its c2s, component and HTTP ports accept connections.
    /// </summary>
    /// <param name="onOutputLine">Receives what Prosody writes to stdout/stderr (errors only; the rest is in <see cref="LogPath"/>).</param>
    /// <exception cref="ProsodyStartException">A port is taken, Prosody is missing, or it did not come up in time.</exception>
    public static async Task<ProsodyServer> StartAsync(
        ProsodyOptions options, Action<string>? onOutputLine, CancellationToken cancellationToken = default)
    {
        if (ExecutableSearch.Find(options.Executable) is null)
        {
            throw MissingExecutable(options.Executable);
        }

        var server = new ProsodyServer(options, onOutputLine);
        try
        {
            server.Prepare();
            await server.RegisterUserAsync(options.BridgeUsername, options.AuthDomain, options.BridgePassword).ConfigureAwait(false);
            foreach ((string user, string password) in options.Accounts)
            {
                await server.RegisterUserAsync(user, options.Domain, password).ConfigureAwait(false);
            }
            await server.LaunchAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Creates or replaces an account with prosodyctl; works whether or not the server runs.</summary>
    public async Task RegisterUserAsync(string user, string host, string password)
    {
        string prosodyctl = ExecutableSearch.Find(Options.CtlExecutable) ?? throw MissingExecutable(Options.CtlExecutable);
        var startInfo = new ProcessStartInfo(prosodyctl)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "--config", Options.ConfigPath, "register", user, host, password })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Options.StartTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new ProsodyStartException($"prosodyctl register {user}@{host} did not finish within {Options.StartTimeout}.");
        }

        string text = (await output.ConfigureAwait(false)) + (await error.ConfigureAwait(false));
        if (process.ExitCode != 0)
        {
            throw new ProsodyStartException($"prosodyctl register {user}@{host} failed with exit code {process.ExitCode}:\n{text}");
        }
    }

    /// <summary>SIGTERM, then SIGKILL after a grace period. Idempotent.</summary>
    public async Task StopAsync()
    {
        ChildProcess? process = _process;
        _process = null;
        if (process is not null)
        {
            await process.StopAsync(StopGrace).ConfigureAwait(false);
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Stops Prosody and starts it again with the same config and ports.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await StopAsync().ConfigureAwait(false);
        await LaunchAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>The last lines of the Prosody log, for error messages.</summary>
    public string ReadLogTail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            string[] all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return $"(no log at {LogPath})";
        }
        catch (UnauthorizedAccessException)
        {
            return $"(cannot read {LogPath})";
        }
    }

    private void Prepare()
    {
        Directory.CreateDirectory(Options.DataDirectory);
        DevCertificate.EnsureFiles(Options.Domain, Options.CertificatePath, Options.KeyPath);
        OwnerOnlyFile.Write(Options.ConfigPath, ProsodyConfigRenderer.Render(Options));
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        IPAddress address = IPAddress.Parse(Options.Host);
        (string Service, int Port)[] ports =
        [
            ("c2s", Options.C2sPort),
            ("component", Options.ComponentPort),
            ("http", Options.HttpPort),
        ];

        // Prosody only logs a port it cannot bind and keeps running, and another server on the port
        // would then answer our readiness probe; so a taken port is an error before we start.
        foreach ((string service, int port) in ports)
        {
            if (!FreePorts.IsFree(address, port))
            {
                throw new ProsodyStartException(
                    $"Port {port} ({service}) on {Options.Host} is already in use{BusyPortHint(port)}.");
            }
        }

        try
        {
            _process = ChildProcess.Start(
                "prosody",
                Options.Executable,
                ["-F", "--config", Options.ConfigPath],
                onLine: _onOutputLine,
                workingDirectory: Options.DataDirectory);
        }
        catch (FileNotFoundException)
        {
            throw MissingExecutable(Options.Executable);
        }

        var stopwatch = Stopwatch.StartNew();
        foreach ((string service, int port) in ports)
        {
            while (!await FreePorts.AcceptsAsync(address, port, cancellationToken).ConfigureAwait(false))
            {
                if (_process.HasExited)
                {
                    throw Failure($"Prosody exited with code {await _process.Exited.ConfigureAwait(false)} before its {service} port {port} opened.");
                }

                if (stopwatch.Elapsed > Options.StartTimeout)
                {
                    throw Failure($"Prosody's {service} port {port} did not open within {Options.StartTimeout.TotalSeconds:0} s.");
                }

                await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static ProsodyStartException MissingExecutable(string name) =>
        new($"The Prosody program '{name}' was not found (PATH={Environment.GetEnvironmentVariable("PATH")}); install Prosody (scripts/setup.sh does).");

    private ProsodyStartException Failure(string reason)
    {
        var message = new StringBuilder(reason).Append('\n');
        IReadOnlyList<string> output = _process?.LastLines ?? [];
        if (output.Count > 0)
        {
            message.Append("Output:\n").AppendJoin('\n', output.TakeLast(20)).Append('\n');
        }

        message.Append($"Log {LogPath}:\n").Append(ReadLogTail());
        return new ProsodyStartException(message.ToString());
    }

    private static string BusyPortHint(int port) =>
        SystemProsody.FindRunningProcess() is { } pid
            ? $" — the system Prosody (pid {pid}) is running and may hold it; stop it with 'systemctl stop prosody' or 'prosodyctl stop'"
            : "";
}
