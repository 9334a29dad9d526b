using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Jitsi.Net.Stack.Processes;
using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Stack.Ejabberd;

/// <summary>
/// One private ejabberd (Debian's 23.01) in the foreground, configured from <c>config/ejabberd.yml.template</c> with
/// the same domains, ports and secrets as a <see cref="ProsodyOptions"/> instance, so every test can run against
/// either server. It gets its own config, spool and log directories and a unique Erlang node name; epmd and the
/// distribution port are bound to loopback. <c>ejabberdctl</c> runs the node as the <c>ejabberd</c> user, so the
/// data directory is handed to that user. Start and stop are not meant to overlap.
/// </summary>
public sealed partial class EjabberdServer : IAsyncDisposable
{
    public const string TemplateFileName = "ejabberd.yml.template";
    private const string Control = "ejabberdctl";
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(15);

    private readonly string _node = "jitsinet" + Guid.NewGuid().ToString("N")[..10] + "@localhost";
    private ChildProcess? _process;

    private EjabberdServer(ProsodyOptions options) => Options = options;

    public ProsodyOptions Options { get; }

    public string CertificatePath => Options.CertificatePath;

    public string LogPath => Path.Combine(Options.DataDirectory, "logs", "ejabberd.log");

    private string ConfigPath => Path.Combine(Options.DataDirectory, "ejabberd.yml");

    /// <summary>
    /// Starts the server for <paramref name="options"/> (guests or accounts only, a guest domain, a TURN service) and
    /// registers the bridge account and <see cref="ProsodyOptions.Accounts"/>.
    /// </summary>
    public static async Task<EjabberdServer> StartAsync(ProsodyOptions options, CancellationToken cancellationToken = default)
    {
        if (ExecutableSearch.Find(Control) is null)
        {
            throw new ProsodyStartException("ejabberdctl was not found; install Debian's ejabberd package (scripts/setup.sh does).");
        }
        var server = new EjabberdServer(options);
        try
        {
            server.Prepare();
            await server.LaunchAsync(cancellationToken).ConfigureAwait(false);
            await server.ControlAsync(cancellationToken, "register", options.BridgeUsername, options.AuthDomain, options.BridgePassword).ConfigureAwait(false);
            foreach (var (user, password) in options.Accounts)
            {
                await server.ControlAsync(cancellationToken, "register", user, options.Domain, password).ConfigureAwait(false);
            }
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        var process = _process;
        _process = null;
        if (process is not null)
        {
            try
            {
                using var timeout = new CancellationTokenSource(StopGrace);
                await ControlAsync(timeout.Token, "stop").ConfigureAwait(false);
            }
            catch (Exception e) when (e is ProsodyStartException or OperationCanceledException)
            {
            }
            await process.StopAsync(StopGrace).ConfigureAwait(false);
            await process.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Prepare()
    {
        var o = Options;
        Directory.CreateDirectory(Path.Combine(o.DataDirectory, "spool"));
        Directory.CreateDirectory(Path.Combine(o.DataDirectory, "logs"));
        DevCertificate.EnsureFiles(o.Domain, o.CertificatePath, o.KeyPath);
        var bundle = Path.Combine(o.DataDirectory, "certs", "bundle.pem");
        OwnerOnlyFile.Write(bundle, File.ReadAllText(o.CertificatePath) + File.ReadAllText(o.KeyPath));
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOMAIN"] = o.Domain,
            ["AUTH_DOMAIN"] = o.AuthDomain,
            ["MUC_DOMAIN"] = o.MucDomain,
            ["INTERNAL_MUC_DOMAIN"] = o.InternalMucDomain,
            ["FOCUS_COMPONENT"] = o.FocusComponent,
            ["BRIDGE_USERNAME"] = o.BridgeUsername,
            ["COMPONENT_SECRET"] = o.ComponentSecret,
            ["HOST"] = o.Host,
            ["C2S_PORT"] = o.C2sPort.ToString(CultureInfo.InvariantCulture),
            ["COMPONENT_PORT"] = o.ComponentPort.ToString(CultureInfo.InvariantCulture),
            ["HTTP_PORT"] = o.HttpPort.ToString(CultureInfo.InvariantCulture),
            ["CERT_BUNDLE"] = bundle,
            ["GUEST_AUTH"] = o.RequireAccounts ? "internal" : "anonymous",
        };
        // Whole YAML blocks, written here and inserted as they are.
        var guest = o.GuestDomain is { } g ? YamlEscape(g) : null;
        // XEP-0215: config/snippets/ejabberd-turn.yml for the web users' hosts, or nothing without TURN.
        var turn = Turn.EjabberdExternalServices.Render(o);
        var blocks = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GUEST_HOST"] = guest is null ? "" : $"  - \"{guest}\"",
            // Guests only log in there; rooms and the focus are on the main domain's services.
            ["GUEST_HOST_CONFIG"] = guest is null ? "" :
                $"  \"{guest}\":\n    auth_method: anonymous\n    anonymous_protocol: sasl_anon\n    allow_multiple_connections: true\n    modules:\n      mod_disco: {{}}\n      mod_ping: {{}}\n" + turn,
            ["EXTERNAL_SERVICES"] = turn,
        };
        var template = File.ReadAllText(ProsodyConfigRenderer.FindTemplate().Replace(ProsodyConfigRenderer.TemplateFileName, TemplateFileName, StringComparison.Ordinal));
        // Values go inside double-quoted YAML scalars: escape backslashes and quotes.
        OwnerOnlyFile.Write(ConfigPath, Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var v)
            ? YamlEscape(v)
            : blocks.TryGetValue(m.Groups[1].Value, out var block) ? block
            : throw new InvalidOperationException($"Unknown placeholder {m.Value} in the ejabberd config template.")));
        File.WriteAllText(Path.Combine(o.DataDirectory, "ejabberdctl.cfg"), $"ERLANG_NODE={_node}\nERL_EPMD_ADDRESS=127.0.0.1\nINET_DIST_INTERFACE=127.0.0.1\n");
        File.WriteAllText(Path.Combine(o.DataDirectory, "inetrc"), "{lookup, [file, native]}.\n");
        // ejabberdctl switches to the ejabberd user; it must own everything it reads and writes, and reach it. Private
        // scratch directories under the temp directory (tests) get search permission for others, not read: their
        // listings stay private. Elsewhere the parents must already be reachable.
        Run("chown", "-R", "ejabberd:ejabberd", o.DataDirectory);
        var temp = Path.TrimEndingDirectorySeparator(Path.GetFullPath(Path.GetTempPath()));
        for (var parent = Directory.GetParent(Path.GetFullPath(o.DataDirectory));
             parent is not null && OperatingSystem.IsLinux() && parent.FullName.StartsWith(temp + Path.DirectorySeparatorChar, StringComparison.Ordinal);
             parent = parent.Parent)
        {
            var mode = File.GetUnixFileMode(parent.FullName);
            if ((mode & UnixFileMode.OtherExecute) == 0)
            {
                File.SetUnixFileMode(parent.FullName, mode | UnixFileMode.OtherExecute);
            }
        }
    }

    /// <summary>Escapes backslashes and quotes for a double-quoted YAML scalar.</summary>
    private static string YamlEscape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    private string[] CommonArguments() =>
    [
        "--config-dir", Options.DataDirectory, "--config", ConfigPath, "--ctl-config", Path.Combine(Options.DataDirectory, "ejabberdctl.cfg"),
        "--logs", Path.Combine(Options.DataDirectory, "logs"), "--spool", Path.Combine(Options.DataDirectory, "spool"),
    ];

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        var address = IPAddress.Parse(Options.Host);
        foreach (var port in new[] { Options.C2sPort, Options.ComponentPort, Options.HttpPort })
        {
            if (!FreePorts.IsFree(address, port))
            {
                throw new ProsodyStartException($"Port {port} on {Options.Host} is already in use.");
            }
        }
        _process = ChildProcess.Start("ejabberd", Control, [.. CommonArguments(), "foreground"], onLine: null, workingDirectory: Options.DataDirectory,
            environment: new Dictionary<string, string> { ["ERL_EPMD_ADDRESS"] = "127.0.0.1" });
        var stopwatch = Stopwatch.StartNew();
        foreach (var port in new[] { Options.C2sPort, Options.ComponentPort, Options.HttpPort })
        {
            while (!await FreePorts.AcceptsAsync(address, port, cancellationToken).ConfigureAwait(false))
            {
                // A bad configuration leaves the Erlang VM running; the log says so at once.
                if (_process.HasExited || stopwatch.Elapsed > Options.StartTimeout || _process.LastLines.Any(l => l.Contains("[critical]", StringComparison.Ordinal)))
                {
                    throw new ProsodyStartException($"ejabberd did not open port {port} within {Options.StartTimeout.TotalSeconds:0} s:\n" + string.Join('\n', _process.LastLines.TakeLast(20)));
                }
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ControlAsync(CancellationToken cancellationToken, params string[] command)
    {
        var start = new ProcessStartInfo(Control) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in CommonArguments().Concat(command))
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new ProsodyStartException($"ejabberdctl {string.Join(' ', command.Take(1))} failed ({process.ExitCode}): {await output.ConfigureAwait(false)}{await error.ConfigureAwait(false)}");
        }
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(program, arguments);
        process.WaitForExit();
    }

    [GeneratedRegex(@"\{\{([A-Z0-9_]+)\}\}")]
    private static partial Regex Placeholder();
}
