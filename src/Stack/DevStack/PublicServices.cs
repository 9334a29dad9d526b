using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Jitsi.Net.Stack.Front;
using Jitsi.Net.Stack.Prosody;
using Jitsi.Net.Stack.Turn;

namespace Jitsi.Net.Stack.DevStack;

/// <summary>
/// What the run command adds in public mode (<c>--public-host</c>): coturn on the local address, the HTTPS front
/// with a self-signed certificate for the public host, and the settings that make Prosody hand out TURN and the
/// bridge advertise its address and <c>wss://</c> bridge channel. Owned by <see cref="DevStackRunner"/>.
/// </summary>
internal sealed class PublicServices(DevStackOptions options, StackSecrets secrets) : IAsyncDisposable
{
    private CoturnServer? _coturn;
    private FrontServer? _front;
    private X509Certificate2? _certificate;

    public string PublicHost => options.PublicHost!;

    /// <summary>The address media and TURN bind to and the bridge advertises.</summary>
    public string LocalAddress => options.LocalAddress ?? PublicHost;

    /// <summary>The self-signed pair for the public host (the front's and coturn's TLS).</summary>
    public (string Certificate, string Key) CertificatePaths => FrontCertificate.SelfSignedPaths(Path.Combine(options.DataDirectory, "front"), PublicHost);

    /// <summary>What only public mode can get wrong, checked before anything starts.</summary>
    public string? FindStartProblem()
    {
        if (!IPAddress.TryParse(LocalAddress, out IPAddress? local))
        {
            return $"--public-host {PublicHost} is a name: give this machine's address for media and TURN with --local-address.";
        }
        if (options.NatPublicAddress is { } nat && !IPAddress.TryParse(nat, out _))
        {
            return $"--nat-public-address must be an IP address (was '{nat}').";
        }
        if (!FreePorts.IsFree(IPAddress.Any, options.HttpsPort))
        {
            return $"Port {options.HttpsPort} (HTTPS front) is already in use.";
        }
        foreach ((string service, int port) in new[] { ("TURN", options.TurnPort), ("TURN over TLS", options.TurnTlsPort) })
        {
            if (!FreePorts.IsFree(local, port))
            {
                return $"Port {port} ({service}) on {LocalAddress} is already in use.";
            }
        }
        return null;
    }

    /// <summary>
    /// Prosody hands out TURN credentials for coturn through XEP-0215: UDP and TCP on coturn's port, TLS on the
    /// front's HTTPS port (which passes TURN clients on to coturn's TLS listener).
    /// </summary>
    public ProsodyOptions WithTurn(ProsodyOptions prosody) => prosody with
    {
        TurnHost = PublicHost,
        TurnPort = options.TurnPort,
        TurnTlsPort = options.HttpsPort,
        TurnSecret = secrets.TurnSecret,
    };

    /// <summary>The bridge's settings for public mode: its id, the addresses it binds and advertises, the wss:// channel.</summary>
    public void AddBridgeSettings(Dictionary<string, string> environment)
    {
        environment["Bridge__Id"] = options.BridgeId;
        environment["Http__Public__WebSocketBaseUrl"] = $"wss://{DevStackOptions.UrlHost(PublicHost)}{(options.HttpsPort == 443 ? "" : $":{options.HttpsPort.ToString(CultureInfo.InvariantCulture)}")}";
        environment["Media__BindAddress"] = LocalAddress;
        environment["Media__LocalAddresses__0"] = LocalAddress;
        if (options.NatPublicAddress is { } nat)
        {
            environment["Media__PublicAddress"] = nat;
        }
        // Clients come from anywhere; the relay (coturn) is on the local address.
        environment.Remove("Media__AllowedRemoteNetworks__0");
        environment.Remove("Media__AllowedRemoteNetworks__1");
    }

    /// <summary>Starts coturn, then the front (which needs the bridge's public listener and Prosody up).</summary>
    public async Task StartAsync(ProsodyOptions prosody, Action<string> coturnOutput, CancellationToken cancellationToken)
    {
        var front = new FrontSettings
        {
            Port = options.HttpsPort,
            PublicHost = PublicHost,
            WebRoot = options.WebRoot!,
            XmppWebSocketUrl = prosody.WebSocketUrl,
            Domain = prosody.Domain,
            MucDomain = prosody.MucDomain,
            FocusComponent = prosody.FocusComponent,
            Bridges = new() { [options.BridgeId] = $"http://127.0.0.1:{options.BridgePublicHttpPort.ToString(CultureInfo.InvariantCulture)}" },
            TurnTlsUpstream = $"{DevStackOptions.UrlHost(LocalAddress)}:{options.TurnTlsPort.ToString(CultureInfo.InvariantCulture)}",
        };
        _certificate = FrontCertificate.Load(front, Path.Combine(options.DataDirectory, "front"));
        (string certificate, string key) = CertificatePaths;
        _coturn = await CoturnServer.StartAsync(new CoturnOptions
        {
            DataDirectory = Path.Combine(options.DataDirectory, "coturn"),
            ListenAddress = LocalAddress,
            Port = options.TurnPort,
            TlsPort = options.TurnTlsPort,
            Secret = secrets.TurnSecret,
            Realm = prosody.Domain,
            CertificatePath = certificate,
            KeyPath = key,
            AllowedPeers = options.NatPublicAddress is { } nat ? [LocalAddress, nat] : [LocalAddress],
        }, coturnOutput, cancellationToken).ConfigureAwait(false);
        var turn = new TurnSettings { Secret = secrets.TurnSecret, Host = PublicHost, Port = options.TurnPort, TlsPort = options.HttpsPort };
        _front = await FrontServer.StartAsync(front, turn, _certificate, null, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_front is not null)
        {
            await _front.DisposeAsync().ConfigureAwait(false);
        }
        if (_coturn is not null)
        {
            await _coturn.DisposeAsync().ConfigureAwait(false);
        }
        _certificate?.Dispose();
    }
}
