using System.Globalization;
using System.Net;
using Jitsi.Net.Stack;
using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.LoadGenerator.Stack;

/// <summary>
/// The bridge-only stack a run can bring up for itself: a private Prosody (free ports, fresh secrets, a temporary
/// data directory) on the generator's address, and the built Videobridge program as a child process with one media
/// Worker on a free port — on loopback, or on the server side of a network namespace pair (then the bridge runs in
/// that namespace and reaches Prosody over the veth link) — optionally pinned to one core with <c>taskset</c>.
/// Ready once the bridge's <c>/about/health</c> answers 200. Everything is stopped and deleted on dispose. Owned by the run.
/// </summary>
internal sealed class PrivateStack : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly string _directory;
    private ProsodyServer? _prosody;
    private ServerProcess? _bridge;
    private ServerProcess? _focus;

    private PrivateStack(string directory) => _directory = directory;

    public ProsodyOptions Options => _prosody!.Options;

    public string BridgeId { get; } = "jvb-load";

    public int BridgeProcessId => _bridge!.ProcessId;

    public string BridgeOutput => _bridge?.Output + (_focus is null ? "" : "\nfocus output:\n" + _focus.Output);

    /// <summary>Starts Prosody on <paramref name="xmppAddress"/> (the generator's) and the bridge on
    /// <paramref name="bridgeAddress"/>, inside <paramref name="netns"/> when given.</summary>
    public static async Task<PrivateStack> StartAsync(IPAddress xmppAddress, IPAddress bridgeAddress, string? netns, int? bridgeCore, bool withFocus,
        TextWriter log, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("jitsi-load-").FullName;
        var stack = new PrivateStack(directory);
        try
        {
            var prosody = ProsodyOptions.WithFreePorts(Path.Combine(directory, "prosody")) with { Host = xmppAddress.ToString() };
            stack._prosody = await ProsodyServer.StartAsync(prosody, cancellationToken).ConfigureAwait(false);
            log.WriteLine($"Prosody on {stack.Options.Host}:{stack.Options.C2sPort} (component port {stack.Options.ComponentPort})");
            await stack.StartBridgeAsync(bridgeAddress, netns, bridgeCore, cancellationToken).ConfigureAwait(false);
            log.WriteLine($"Videobridge pid {stack.BridgeProcessId} on {bridgeAddress}{(bridgeCore is { } core ? $" pinned to core {core}" : "")}{(netns is null ? "" : $" in netns {netns}")}");
            if (withFocus)
            {
                await stack.StartFocusAsync(cancellationToken).ConfigureAwait(false);
                log.WriteLine($"Focus pid {stack._focus!.ProcessId}");
            }
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
        if (_focus is not null)
        {
            await _focus.DisposeAsync().ConfigureAwait(false);
        }
        if (_bridge is not null)
        {
            await _bridge.DisposeAsync().ConfigureAwait(false);
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

    private async Task StartBridgeAsync(IPAddress address, string? netns, int? core, CancellationToken cancellationToken)
    {
        var ports = FreePorts.Allocate(2);
        var program = BuiltProgram("Videobridge", "Jitsi.Net.Videobridge.dll");
        _bridge = ServerProcess.Start("dotnet", [program], BridgeEnvironment(Options, BridgeId, address, ports[0], ports[1]), netns, core);
        var health = string.Create(CultureInfo.InvariantCulture, $"http://{address}:{ports[0]}/about/health");
        await _bridge.WaitReadyAsync(health, "the Videobridge", ReadyTimeout, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The bridge's settings (.NET configuration keys as environment variables): this stack's Prosody,
    /// media and HTTP on <paramref name="address"/> (free ports, one Worker), remote media only from that address's
    /// network, quiet logs.</summary>
    private static Dictionary<string, string> BridgeEnvironment(ProsodyOptions xmpp, string bridgeId, IPAddress address, int privatePort, int publicPort)
    {
        var invariant = CultureInfo.InvariantCulture;
        var network = IPAddress.IsLoopback(address) ? "127.0.0.0/8" : new IPAddress([.. address.GetAddressBytes()[..3], 0]) + "/24";
        return new Dictionary<string, string>
        {
            ["Xmpp__Host"] = xmpp.Host,
            ["Xmpp__Port"] = xmpp.C2sPort.ToString(invariant),
            ["Xmpp__Password"] = xmpp.BridgePassword,
            ["Xmpp__TrustedCertificatePath"] = xmpp.CertificatePath,
            ["Bridge__Id"] = bridgeId,
            ["Http__Private__Host"] = address.ToString(),
            ["Http__Private__Port"] = privatePort.ToString(invariant),
            ["Http__Public__Host"] = address.ToString(),
            ["Http__Public__Port"] = publicPort.ToString(invariant),
            ["Http__Public__WebSocketBaseUrl"] = string.Create(invariant, $"ws://{address}:{publicPort}"),
            ["Media__BindAddress"] = address.ToString(),
            ["Media__Port"] = "0",
            ["Media__Workers"] = "1",
            ["Media__AllowedRemoteNetworks__0"] = network,
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    /// <summary>The Focus on a free loopback HTTP port, connected to this stack's Prosody as its component; ready once
    /// its health answers (it is then connected; it finds the bridge in the brewery room on its own).</summary>
    private async Task StartFocusAsync(CancellationToken cancellationToken)
    {
        var port = FreePorts.Allocate(1)[0];
        var program = BuiltProgram("Focus", "Jitsi.Net.Focus.dll");
        var invariant = CultureInfo.InvariantCulture;
        var environment = new Dictionary<string, string>
        {
            ["Xmpp__Host"] = Options.Host,
            ["Xmpp__ComponentPort"] = Options.ComponentPort.ToString(invariant),
            ["Xmpp__Domain"] = Options.Domain,
            ["Xmpp__ComponentName"] = Options.FocusComponent,
            ["Xmpp__ComponentSecret"] = Options.ComponentSecret,
            ["Xmpp__MucDomain"] = Options.MucDomain,
            ["Xmpp__BreweryJid"] = Options.BreweryJid,
            ["Xmpp__BridgeAccountJid"] = Options.BridgeAccountJid,
            ["Http__Host"] = "127.0.0.1",
            ["Http__Port"] = port.ToString(invariant),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        _focus = ServerProcess.Start("dotnet", [program], environment, netns: null, core: null);
        await _focus.WaitReadyAsync(string.Create(invariant, $"http://127.0.0.1:{port}/about/health"), "the Focus", ReadyTimeout, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>A program of this repository built in the same configuration: <c>src/&lt;project&gt;/bin/…</c> of the
    /// checkout this program runs from (where the dev stack and the tests run it), else the copy beside this program.
    /// Throws when neither exists.</summary>
    private static string BuiltProgram(string project, string assembly)
    {
        var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))) ?? "Debug";
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var built = Path.Combine(directory.FullName, "src", project, "bin", configuration, "net10.0", assembly);
            if (File.Exists(Path.Combine(directory.FullName, "Jitsi.Net.sln")) && File.Exists(built))
            {
                return built;
            }
        }
        var beside = Path.Combine(AppContext.BaseDirectory, assembly);
        return File.Exists(beside) ? beside : throw new FileNotFoundException($"{project} is not built (dotnet build src/{project})", beside);
    }
}
