using System.Globalization;
using System.Reflection;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Extensions.Disco;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Extensions.Ping;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Http;
using Jitsi.Net.XmppComponent.Extensions.Colibri;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Videobridge.Xmpp;

/// <summary>
/// The bridge's link to the XMPP server: a client login with the bridges' shared account (resource = bridge id),
/// kept up across server restarts; disco, ping and health-check answers; and the brewery room, joined with the
/// bridge id as nickname and a <c>&lt;stats xmlns="http://jitsi.org/protocol/colibri"&gt;</c> presence extension
/// republished every <see cref="StatsInterval"/>. Runs as a hosted service; on stop it leaves the brewery first so
/// focuses stop choosing it, then closes the stream.
/// </summary>
internal sealed class BridgeConnection : BackgroundService
{

    private readonly BridgeXmppSettings _settings;
    private readonly ILogger<BridgeConnection> _logger;

    private readonly BridgeState _state;
    private readonly ConferenceRegistry _conferences;
    private readonly BridgeRates _rates;

    public BridgeConnection(BridgeXmppSettings settings, BridgeIdentitySettings identity, BridgeState state, ConferenceRegistry conferences, BridgeRates rates, ILoggerFactory loggers)
    {
        _rates = rates;
        _settings = settings;
        _state = state;
        _conferences = conferences;
        _logger = loggers.CreateLogger<BridgeConnection>();
        BridgeId = identity.Id.Length > 0 ? identity.Id : "jvb-" + Guid.NewGuid().ToString("N")[..12];
        Region = identity.Region;
        Router = new StanzaRouter(new IQCaller(), loggers.CreateLogger<StanzaRouter>());
        var disco = new DiscoInfo(Router, "component", "bridge", "Jitsi.Net Videobridge");
        PingResponder.Register(Router, disco);
        disco.AddFeature(Namespaces.HealthCheck.NamespaceName);
        Router.HandleIq(IqType.Get, Namespaces.HealthCheck + "healthcheck", (_, _) =>
            IsHealthy ? Task.FromResult<XElement?>(null) : throw new StanzaErrorException(StanzaError.Of(StanzaErrorCondition.InternalServerError, "not in the brewery")));
        var log = loggers.CreateLogger("Jitsi.Net.XmppComponent.Connections");
        Func<StanzaRouter, CancellationToken, Task<XmppSession>> connect;
        Jid? mucFrom = null;
        if (settings.Mode == BridgeXmppMode.Component)
        {
            var component = new ComponentOptions
            {
                Host = settings.Host,
                Port = settings.ComponentPort,
                Name = settings.ComponentName,
                ServerDomain = settings.ServerDomain,
                Secret = settings.ComponentSecret,
            };
            connect = (router, ct) => ComponentConnector.ConnectAsync(component, router, log, null, ct);
            // A component chooses its own full JID inside its domain; the bridge id keeps several bridges apart.
            mucFrom = Jid.Parse(settings.ComponentName).WithResource(BridgeId);
        }
        else
        {
            var client = new ClientOptions
            {
                Host = settings.Host,
                Port = settings.Port,
                Domain = settings.Domain,
                Username = settings.Username,
                Password = settings.Password,
                Resource = BridgeId,
                Tls = settings.Tls,
                TrustedCertificatePath = string.IsNullOrEmpty(settings.TrustedCertificatePath) ? null : settings.TrustedCertificatePath,
            };
            connect = (router, ct) => ClientConnector.ConnectAsync(client, router, log, null, ct);
        }
        Connection = new ReconnectingConnection(connect, Router, loggers.CreateLogger<ReconnectingConnection>());
        Muc = new MucClient(Router, Connection, mucFrom);
        Connection.OnConnected(JoinBreweryAsync);
    }

    public string BridgeId { get; }

    public string Region { get; }

    public StanzaRouter Router { get; }

    public ReconnectingConnection Connection { get; }

    public MucClient Muc { get; }

    public MucRoom? Brewery { get; private set; }

    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Trust rule for colibri2: the sender is the focus — its own JID, or its brewery occupant whose real
    /// JID is the focus (PROTOCOL.md §3.1 sends colibri2 through the brewery).</summary>
    public bool IsFocus(Jid? from)
    {
        if (from is null)
        {
            return false;
        }
        var focus = Jid.Parse(_settings.FocusJid).Bare;
        if (from.Bare == focus)
        {
            return true;
        }
        return Brewery is { } brewery && from.Bare == brewery.RoomJid && from.Resource is { } nick
            && brewery.Occupants.TryGetValue(nick, out var occupant) && occupant.RealJid?.Bare == focus;
    }

    public bool IsHealthy => Connection.IsConnected && Brewery is { IsJoined: true };

    public static string Version => typeof(BridgeConnection).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var run = Connection.RunAsync(stoppingToken);
        using var timer = new PeriodicTimer(StatsInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                if (Brewery is { IsJoined: true } brewery && Connection.IsConnected)
                {
                    try
                    {
                        await brewery.SetPresenceAsync([BuildStats()], stoppingToken).ConfigureAwait(false);
                    }
                    catch (IOException)
                    {
                        // Reconnecting; the next tick tries again.
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        await run.ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _state.MarkShuttingDown();
        if (Brewery is { IsJoined: true } brewery && Connection.IsConnected)
        {
            try
            {
                await brewery.LeaveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException)
            {
            }
        }
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await Connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The brewery presence statistics, with the names a Jitsi focus reads.</summary>
    /// <summary>Packets per second (received + sent) that count as full load: JVB's packet-rate load measure
    /// (PROTOCOL.md §5.1), used for <c>stress_level</c>.</summary>
    public const double FullLoadPacketRate = 50_000;

    /// <summary>The brewery presence statistics, with the names a Jitsi focus reads (PROTOCOL.md §5.1).</summary>
    public XElement BuildStats()
    {
        var rates = _rates.Sample();
        var stress = (rates.PacketRateDownload + rates.PacketRateUpload) / FullLoadPacketRate;
        string Flag(bool value) => value ? "true" : "false";
        var stats = new List<KeyValuePair<string, string>>
        {
            new(StatsElement.StressLevel, stress.ToString("0.0###", CultureInfo.InvariantCulture)),
            // JVB's configured default: the stress one more participant adds, for the focus's ramp-up correction.
            new(StatsElement.AverageParticipantStress, "0.01"),
            new(StatsElement.GracefulShutdown, Flag(_state.GracefulShutdown)),
            new(StatsElement.ShuttingDown, Flag(_state.ShuttingDown)),
            new(StatsElement.Drain, "false"),
            new(StatsElement.Healthy, Flag(Connection.IsConnected)),
            new(StatsElement.Version, Version),
            new(StatsElement.Release, ""),
            new("conferences", _conferences.Conferences.Count.ToString(CultureInfo.InvariantCulture)),
            new("participants", _conferences.EndpointCount.ToString(CultureInfo.InvariantCulture)),
        };
        if (Region.Length > 0)
        {
            stats.Add(new(StatsElement.Region, Region));
        }
        return new StatsElement(stats).Element;
    }

    private async Task JoinBreweryAsync(XmppSession session, CancellationToken cancellationToken)
    {
        if (Brewery is not null)
        {
            return;
        }
        Brewery = await Muc.JoinAsync(Jid.Parse(_settings.BreweryJid), BridgeId, [BuildStats()], cancellationToken: cancellationToken).ConfigureAwait(false);
        _logger.LogInformation("Joined the brewery {Brewery} as {Id}", _settings.BreweryJid, BridgeId);
    }
}
