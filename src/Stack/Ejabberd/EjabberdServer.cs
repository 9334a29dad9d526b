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

    private EjabberdServer(ProsodyOptions options, EjabberdSettings settings) => (Options, Settings) = (options, settings);

    public ProsodyOptions Options { get; }

    public EjabberdSettings Settings { get; }

    public string CertificatePath => Options.CertificatePath;

    public string LogPath => Path.Combine(Options.DataDirectory, "logs", "ejabberd.log");

    private string ConfigPath => Path.Combine(Options.DataDirectory, "ejabberd.yml");

    public static Task<EjabberdServer> StartAsync(ProsodyOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(options, new EjabberdSettings(), cancellationToken);

    /// <summary>Starts the server with <paramref name="settings"/> (guests or accounts, a TURN service) and registers the accounts.</summary>
    public static async Task<EjabberdServer> StartAsync(ProsodyOptions options, EjabberdSettings settings, CancellationToken cancellationToken = default)
    {
        if (ExecutableSearch.Find(Control) is null)
        {
            throw new ProsodyStartException("ejabberdctl was not found; install Debian's ejabberd package (scripts/setup.sh does).");
        }
        var server = new EjabberdServer(options, settings);
        try
        {
            server.Prepare();
            await server.LaunchAsync(cancellationToken).ConfigureAwait(false);
            await server.ControlAsync(cancellationToken, "register", options.BridgeUsername, options.AuthDomain, options.BridgePassword).ConfigureAwait(false);
            foreach (var (user, password) in settings.Accounts)
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
            ["GUEST_AUTH"] = Settings.Guests ? "anonymous" : "internal",
        };
        // Whole YAML blocks, written here and inserted as they are.
        var guest = Settings.GuestDomain is { } g ? YamlEscape(g) : null;
        var blocks = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["STUN_DISCO"] = StunDiscoBlock(Settings.Turn),
            ["GUEST_HOST"] = guest is null ? "" : $"  - \"{guest}\"",
            // Guests only log in there; rooms, the focus and TURN are on the main domain's services.
            ["GUEST_HOST_CONFIG"] = guest is null ? "" :
                $"  \"{guest}\":\n    auth_method: anonymous\n    anonymous_protocol: sasl_anon\n    allow_multiple_connections: true\n    modules:\n      mod_disco: {{}}\n      mod_ping: {{}}\n" + StunDiscoBlock(Settings.Turn),
            ["EXTERNAL_SERVICES"] = Turn.EjabberdExternalServices.Render(o),
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

    /// <summary>
    /// <c>mod_stun_disco</c> (XEP-0215) announcing one STUN and one TURN service (UDP and TCP) on the TURN server,
    /// the TURN ones with credentials derived from the secret shared with it (TURN REST scheme); empty without TURN.
    /// </summary>
    private static string StunDiscoBlock(TurnService? turn)
    {
        if (turn is null)
        {
            return "";
        }
        var host = turn.Host.Replace("\"", "", StringComparison.Ordinal);
        var port = turn.Port.ToString(CultureInfo.InvariantCulture);
        var secret = YamlEscape(turn.Secret);
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"      mod_stun_disco:\n        secret: \"{secret}\"\n        offer_local_services: false\n        services:\n");
        foreach (var (type, transport, restricted) in new[] { ("stun", "udp", "false"), ("turn", "udp", "true"), ("turn", "tcp", "true") })
        {
            text.Append(CultureInfo.InvariantCulture, $"          - host: \"{host}\"\n            port: {port}\n            type: {type}\n            transport: {transport}\n            restricted: {restricted}\n");
        }
        return text.ToString().TrimEnd('\n');
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

/// <summary>
/// What an ejabberd instance offers beyond the shared <see cref="ProsodyOptions"/>: guests on the main domain or
/// accounts only, the accounts to register there, and a TURN server to announce through XEP-0215. Immutable.
/// </summary>
public sealed record EjabberdSettings
{
    /// <summary>True: web users log in anonymously on the main domain; false: accounts only (SCRAM-SHA-1 or PLAIN).</summary>
    public bool Guests { get; init; } = true;

    /// <summary>Accounts (user, password) registered on the main domain with <c>ejabberdctl register</c>.</summary>
    public IReadOnlyList<(string User, string Password)> Accounts { get; init; } = [];

    /// <summary>A separate host where guests log in anonymously (with <see cref="Guests"/> false: accounts on the main domain); null: none.</summary>
    public string? GuestDomain { get; init; }

    /// <summary>A TURN server announced to clients with time-limited credentials; null announces none.</summary>
    public TurnService? Turn { get; init; }
}

/// <summary>A STUN/TURN server (both on one port) and the secret its TURN REST credentials are derived from.</summary>
public sealed record TurnService(string Host, int Port, string Secret);
