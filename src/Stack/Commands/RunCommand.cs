using System.CommandLine;
using Jitsi.Net.Stack.DevStack;
using Jitsi.Net.Stack.Ejabberd;
using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Stack.Commands;

/// <summary><c>run</c>: the dev stack in the foreground until Ctrl-C or SIGTERM.</summary>
internal static class RunCommand
{
    /// <summary>The XMPP servers <c>--xmpp-server</c> accepts.</summary>
    public static readonly string[] XmppServers = ["prosody", "ejabberd"];

    /// <summary>ejabberd boots an Erlang VM, which takes longer than Prosody.</summary>
    private static readonly TimeSpan EjabberdStartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The runner's starter for the chosen XMPP server: null for Prosody (the runner's default), or one that starts a
    /// private ejabberd with the same options after <paramref name="configure"/> changed them (and reports it to
    /// <paramref name="started"/>).
    /// </summary>
    public static Func<ProsodyOptions, CancellationToken, Task<IAsyncDisposable>>? XmppServerStarter(
        string name, Func<ProsodyOptions, ProsodyOptions>? configure = null, Action<EjabberdServer>? started = null) => name switch
    {
        "prosody" => null,
        "ejabberd" => async (prosody, cancellationToken) =>
        {
            var server = await EjabberdServer.StartAsync((configure?.Invoke(prosody) ?? prosody) with { StartTimeout = EjabberdStartTimeout }, cancellationToken).ConfigureAwait(false);
            started?.Invoke(server);
            return server;
        },
        _ => throw new ArgumentException($"Unknown XMPP server '{name}'; expected one of {string.Join(", ", XmppServers)}.", nameof(name)),
    };

    public static Command Create()
    {
        string configuration = DevStackOptions.OwnConfiguration();
        var dataDirectory = new Option<string>("--data-dir") { Description = "Directory for Prosody's data and the generated secrets", DefaultValueFactory = _ => ".stack" };
        var domain = new Option<string>("--domain") { Description = "Base domain", DefaultValueFactory = _ => "meet.localhost" };
        var focusDll = new Option<string>("--focus-dll")
        {
            Description = "The built Focus program",
            DefaultValueFactory = _ => DevStackOptions.BuiltProgram("Focus", "Jitsi.Net.Focus", configuration),
        };
        var bridgeDll = new Option<string>("--bridge-dll")
        {
            Description = "The built Videobridge program",
            DefaultValueFactory = _ => DevStackOptions.BuiltProgram("Videobridge", "Jitsi.Net.Videobridge", configuration),
        };
        var healthTimeout = new Option<int>("--health-timeout") { Description = "Seconds to wait for the programs to report healthy", DefaultValueFactory = _ => 60 };
        var webRoot = new Option<string>("--web-root")
        {
            Description = "The built web client to serve (npm run build --prefix web)",
            DefaultValueFactory = _ => DevStackOptions.BuiltWebClient(),
        };
        var webPort = new Option<int>("--web-port") { Description = "The web page's port on 127.0.0.1", DefaultValueFactory = _ => 8000 };
        var debug = new Option<bool>("--prosody-debug") { Description = "Prosody logs at debug level" };
        var publicHost = new Option<string?>("--public-host")
        {
            Description = "Public mode: the host name or address other machines use; serves everything on https://<host>/ with TURN",
        };
        var httpsPort = new Option<int>("--https-port") { Description = "Public mode: the HTTPS front's port", DefaultValueFactory = _ => 443 };
        var localAddress = new Option<string?>("--local-address")
        {
            Description = "Public mode: this machine's address for media and TURN (default: the public host, when it is an address)",
        };
        var natAddress = new Option<string?>("--nat-public-address")
        {
            Description = "Public mode behind a static NAT: the public address mapped to the local address (advertised as well)",
        };
        var turnPort = new Option<int>("--turn-port") { Description = "Public mode: coturn's UDP/TCP port", DefaultValueFactory = _ => 3478 };
        var turnTlsPort = new Option<int>("--turn-tls-port") { Description = "Public mode: coturn's TLS port", DefaultValueFactory = _ => 5349 };
        var xmppServer = new Option<string>("--xmpp-server")
        {
            Description = "The XMPP server to start: prosody or ejabberd (Debian's ejabberd, run as a private instance in the data directory)",
            DefaultValueFactory = _ => "prosody",
        };
        xmppServer.AcceptOnlyFromAmong(XmppServers);

        var command = new Command("run", "Start Prosody, the Focus and the Videobridge (on loopback, or for other machines with --public-host) until Ctrl-C")
        {
            dataDirectory, domain, focusDll, bridgeDll, webRoot, webPort, healthTimeout, debug,
            publicHost, httpsPort, localAddress, natAddress, turnPort, turnTlsPort, xmppServer,
        };
        command.SetAction(async (result, _) =>
        {
            var options = new DevStackOptions
            {
                DataDirectory = Path.GetFullPath(result.GetValue(dataDirectory)!),
                Domain = result.GetValue(domain)!,
                FocusDll = Path.GetFullPath(result.GetValue(focusDll)!),
                BridgeDll = Path.GetFullPath(result.GetValue(bridgeDll)!),
                HealthTimeout = TimeSpan.FromSeconds(result.GetValue(healthTimeout)),
                ProsodyDebug = result.GetValue(debug),
                WebRoot = Path.GetFullPath(result.GetValue(webRoot)!),
                WebPort = result.GetValue(webPort),
                PublicHost = result.GetValue(publicHost),
                HttpsPort = result.GetValue(httpsPort),
                LocalAddress = result.GetValue(localAddress),
                NatPublicAddress = result.GetValue(natAddress),
                TurnPort = result.GetValue(turnPort),
                TurnTlsPort = result.GetValue(turnTlsPort),
                XmppServer = XmppServerStarter(result.GetValue(xmppServer)!),
            };

            // Our own handlers: the runner needs longer than System.CommandLine's default grace to
            // stop three processes in order, and SIGTERM must be as graceful as Ctrl-C.
            using var stop = new StopSignals();
            return await new DevStackRunner(options, Console.Out).RunAsync(stop.Token);
        });
        return command;
    }
}
