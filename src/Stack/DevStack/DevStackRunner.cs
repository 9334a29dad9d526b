using System.Globalization;
using System.Net;
using System.Text;
using Jitsi.Net.Stack.Processes;
using Jitsi.Net.Stack.Prosody;
using Jitsi.Net.Stack.Web;

namespace Jitsi.Net.Stack.DevStack;

/// <summary>
/// Runs Prosody, the Focus and the Videobridge together until cancelled or until one of them
/// stops, then shuts them down in reverse order. Single use; owned by the <c>run</c> command.
/// </summary>
internal sealed class DevStackRunner(DevStackOptions options, TextWriter output)
{
    private const string Self = "stack";

    private readonly PrefixedConsole _console = new(output);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<ChildProcess> _programs = [];
    private IAsyncDisposable? _prosody;
    private WebServer? _web;
    private PublicServices? _public;

    /// <summary>Completes once everything is up and the summary is printed (never, if the start fails).</summary>
    public Task Ready => _ready.Task;

    /// <summary>Returns the process exit code: 0 after a requested stop, 1 when something failed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            string? problem = FindStartProblem();
            if (problem is not null)
            {
                Say(problem);
                return 1;
            }

            StackSecrets secrets = StackSecrets.LoadOrCreate(options.DataDirectory);
            ProsodyOptions prosody = ProsodyOptionsFor(secrets);
            if (options.IsPublic)
            {
                _public = new PublicServices(options, secrets);
                if (_public.FindStartProblem() is { } publicProblem)
                {
                    Say(publicProblem);
                    return 1;
                }
                prosody = _public.WithTurn(prosody);
            }
            if (options.XmppServer is { } startXmpp)
            {
                _prosody = await startXmpp(prosody, cancellationToken).ConfigureAwait(false);
                Say("the XMPP server is up");
            }
            else
            {
                var server = await ProsodyServer.StartAsync(prosody, _console.For("prosody"), cancellationToken).ConfigureAwait(false);
                _prosody = server;
                Say($"prosody is up; its log is {server.LogPath}");
            }

            ChildProcess focus = StartProgram("focus", options.FocusDll, FocusEnvironment(prosody));
            List<(ChildProcess, int)> programs = [(focus, options.FocusHttpPort)];
            if (options.StartBridge)
            {
                programs.Add((StartProgram("jvb", options.BridgeDll, BridgeEnvironment(prosody)), options.BridgeHttpPort));
            }

            if (!await WaitHealthyAsync([.. programs], cancellationToken)
                    .ConfigureAwait(false))
            {
                return cancellationToken.IsCancellationRequested ? 0 : 1;
            }

            if (_public is not null)
            {
                try
                {
                    await _public.StartAsync(prosody, _console.For("coturn"), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is InvalidOperationException or IOException)
                {
                    // coturn missing or not up, or the HTTPS port taken since the check.
                    Say(e.Message);
                    return 1;
                }
            }
            else if (options.WebRoot is { } webRoot)
            {
                _web = await WebServer.StartAsync(webRoot, options.WebPort, WebServer.ConfigFor(prosody), cancellationToken).ConfigureAwait(false);
            }

            output.Write(Summary(prosody));
            output.Flush();
            _ready.TrySetResult();
            return await WatchAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ProsodyStartException e)
        {
            Say(e.Message);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
        finally
        {
            await StopAllAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Everything that can be checked before starting anything, so a failure leaves nothing half-started.</summary>
    private string? FindStartProblem()
    {
        foreach ((string name, string path) in new[] { ("Focus", options.FocusDll), ("Videobridge", options.BridgeDll) })
        {
            if (!File.Exists(path))
            {
                return $"The {name} program {path} does not exist; build the solution first (dotnet build -c Release) or pass its path.";
            }
        }

        if (options.WebRoot is { } webRoot && !WebServer.HasPage(webRoot))
        {
            return $"{webRoot} holds no index.html: build the web client first (npm run build --prefix web) or pass --web-root.";
        }

        var ports = new List<(string, int)> { ("focus HTTP", options.FocusHttpPort), ("bridge private HTTP", options.BridgeHttpPort), ("bridge public HTTP", options.BridgePublicHttpPort) };
        if (options.WebRoot is not null && !options.IsPublic)
        {
            ports.Add(("web page", options.WebPort));
        }

        if (options.IsPublic && options.WebRoot is null)
        {
            return "Public mode serves the web page: pass --web-root (or build web/dist).";
        }

        foreach ((string service, int port) in ports)
        {
            if (!FreePorts.IsFree(IPAddress.Loopback, port))
            {
                return $"Port {port} ({service}) on 127.0.0.1 is already in use.";
            }
        }

        return null;
    }

    private ProsodyOptions ProsodyOptionsFor(StackSecrets secrets) => new()
    {
        Domain = options.Domain,
        DataDirectory = options.ProsodyDataDirectory,
        C2sPort = options.C2sPort,
        ComponentPort = options.ComponentPort,
        HttpPort = options.HttpPort,
        ComponentSecret = secrets.ComponentSecret,
        BridgePassword = secrets.BridgePassword,
        Debug = options.ProsodyDebug,
    };

    /// <summary>Configuration keys the Focus reads (.NET <c>Section__Key</c> environment variables).</summary>
    private Dictionary<string, string> FocusEnvironment(ProsodyOptions prosody) => new()
    {
        ["Xmpp__Host"] = prosody.Host,
        ["Xmpp__ComponentPort"] = Number(prosody.ComponentPort),
        ["Xmpp__Domain"] = prosody.Domain,
        ["Xmpp__ComponentName"] = prosody.FocusComponent,
        ["Xmpp__ComponentSecret"] = prosody.ComponentSecret,
        ["Xmpp__MucDomain"] = prosody.MucDomain,
        ["Xmpp__BreweryJid"] = prosody.BreweryJid,
        ["Xmpp__BridgeAccountJid"] = prosody.BridgeAccountJid,
        ["Http__Port"] = Number(options.FocusHttpPort),
    };

    /// <summary>Configuration keys the Videobridge reads.</summary>
    private Dictionary<string, string> BridgeEnvironment(ProsodyOptions prosody)
    {
        Dictionary<string, string> environment = LoopbackBridgeEnvironment(prosody);
        _public?.AddBridgeSettings(environment);
        return environment;
    }

    private Dictionary<string, string> LoopbackBridgeEnvironment(ProsodyOptions prosody) => new()
    {
        ["Xmpp__Host"] = prosody.Host,
        ["Xmpp__Port"] = Number(prosody.C2sPort),
        ["Xmpp__Domain"] = prosody.AuthDomain,
        ["Xmpp__Username"] = prosody.BridgeUsername,
        ["Xmpp__Password"] = prosody.BridgePassword,
        ["Xmpp__TrustedCertificatePath"] = prosody.CertificatePath,
        ["Xmpp__BreweryJid"] = prosody.BreweryJid,
        ["Xmpp__FocusJid"] = prosody.FocusComponent,
        ["Http__Private__Port"] = Number(options.BridgeHttpPort),
        ["Http__Public__Port"] = Number(options.BridgePublicHttpPort),
        ["Http__Public__WebSocketBaseUrl"] = $"ws://127.0.0.1:{Number(options.BridgePublicHttpPort)}",
        // The dev stack is local: media on loopback only, both ways.
        ["Media__BindAddress"] = "127.0.0.1",
        ["Media__Port"] = Number(options.BridgeMediaPort),
        ["Media__AllowedRemoteNetworks__0"] = "127.0.0.0/8",
        ["Media__AllowedRemoteNetworks__1"] = "::1/128",
    };

    private ChildProcess StartProgram(string name, string dll, IReadOnlyDictionary<string, string> environment)
    {
        ChildProcess program = ChildProcess.Start(
            name, options.ProgramHost, [dll], environment, _console.For(name), Path.GetDirectoryName(dll));
        _programs.Add(program);
        Say($"started {name} (pid {program.Id}): {options.ProgramHost} {dll}");
        return program;
    }

    /// <summary>Waits until every program is healthy; the first one that fails ends the wait for all.</summary>
    private async Task<bool> WaitHealthyAsync((ChildProcess Program, int Port)[] programs, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bool[] healthy = await Task.WhenAll(programs.Select(async p =>
        {
            HealthProbe.Outcome outcome;
            try
            {
                outcome = await HealthProbe.WaitAsync(http, HealthUrl(p.Port), p.Program, options.HealthTimeout, giveUp.Token)
                    .ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return false;
            }

            if (outcome == HealthProbe.Outcome.Healthy)
            {
                return true;
            }

            Say(outcome == HealthProbe.Outcome.Exited
                ? $"{p.Program.Name} exited early with code {await p.Program.Exited.ConfigureAwait(false)} before {HealthUrl(p.Port)} answered 200."
                : $"{p.Program.Name} did not answer 200 on {HealthUrl(p.Port)} within {options.HealthTimeout.TotalSeconds:0} s.");
            await giveUp.CancelAsync().ConfigureAwait(false);
            return false;
        })).ConfigureAwait(false);
        return healthy.All(h => h);
    }

    /// <summary>Waits for Ctrl-C/SIGTERM (exit 0) or for a program to stop on its own (exit 1).</summary>
    private async Task<int> WatchAsync(CancellationToken cancellationToken)
    {
        Task<int> anyExit = Task.WhenAny(_programs.Select(p => p.Exited)).Unwrap();
        try
        {
            await anyExit.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        foreach (ChildProcess program in _programs.Where(p => p.HasExited))
        {
            Say($"{program.Name} exited with code {await program.Exited.ConfigureAwait(false)}; stopping the stack.");
        }

        return 1;
    }

    private async Task StopAllAsync()
    {
        if (_programs.Count > 0 || _prosody is not null)
        {
            Say("stopping");
        }

        if (_web is not null)
        {
            await _web.DisposeAsync().ConfigureAwait(false);
            _web = null;
        }

        if (_public is not null)
        {
            await _public.DisposeAsync().ConfigureAwait(false);
            _public = null;
        }

        // The programs first, so they leave their rooms while the server still runs.
        await Task.WhenAll(_programs.Select(p => p.StopAsync(options.StopGrace))).ConfigureAwait(false);
        foreach (ChildProcess program in _programs)
        {
            await program.DisposeAsync().ConfigureAwait(false);
        }

        _programs.Clear();
        if (_prosody is not null)
        {
            await _prosody.DisposeAsync().ConfigureAwait(false);
            _prosody = null;
        }
    }

    private string Summary(ProsodyOptions prosody)
    {
        var text = new StringBuilder();
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Jitsi.Net dev stack is up (domain {prosody.Domain}, data in {Path.GetFullPath(options.DataDirectory)})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  XMPP c2s          {prosody.Host}:{prosody.C2sPort}  (bridges log in as {prosody.BridgeAccountJid})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  XMPP WebSocket    {prosody.WebSocketUrl}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  XMPP component    {prosody.Host}:{prosody.ComponentPort}  ({prosody.FocusComponent})");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Focus HTTP        http://127.0.0.1:{options.FocusHttpPort}/about/health");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Bridge HTTP       http://127.0.0.1:{options.BridgeHttpPort}/about/health");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Bridge channel    ws://127.0.0.1:{options.BridgePublicHttpPort}/colibri-ws/…");
        text.AppendLine(CultureInfo.InvariantCulture, $"  Prosody log       {prosody.LogPath}");
        if (_public is not null)
        {
            (string certificate, _) = _public.CertificatePaths;
            text.AppendLine(CultureInfo.InvariantCulture, $"  HTTPS front       {options.WebUrl}  (page, /xmpp-websocket, /colibri-ws/{options.BridgeId}/…; self-signed certificate {certificate})");
            text.AppendLine(CultureInfo.InvariantCulture, $"  TURN (coturn)     {_public.LocalAddress}:{options.TurnPort} udp/tcp, {options.TurnTlsPort} tls (also through the front on {options.HttpsPort}); media on {_public.LocalAddress}:{options.BridgeMediaPort}/udp");
            text.AppendLine(CultureInfo.InvariantCulture, $"Share {options.WebUrl} — other machines open it (accept the self-signed certificate once, or trust {certificate}).");
        }
        else if (options.WebUrl is { } page)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Web page          {page}  (its config.js points at {prosody.WebSocketUrl})");
            text.AppendLine(CultureInfo.InvariantCulture, $"Open {page} in two tabs.");
        }
        else
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"No web page is served; clients can connect to {prosody.WebSocketUrl}.");
        }

        text.AppendLine("Press Ctrl-C to stop.");
        return text.ToString();
    }

    private static Uri HealthUrl(int port) => new($"http://127.0.0.1:{port}/about/health");

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private void Say(string message) => _console.WriteLine(Self, message);
}
