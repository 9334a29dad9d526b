using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Extensions.Disco;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Extensions.Ping;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Focus.Xmpp;

/// <summary>
/// The focus's link to the XMPP server: an XEP-0114 component session kept up across server restarts, disco and
/// ping answers, and the brewery room (joined as <c>focus</c> from <c>&lt;component&gt;/focus</c>) where bridges are
/// discovered. Runs as a hosted service; stops by leaving the brewery and closing the stream.
/// </summary>
internal sealed class FocusConnection : BackgroundService
{
    private readonly FocusXmppSettings _settings;
    private readonly BridgeRegistry _bridges;
    private readonly ILogger<FocusConnection> _logger;

    public FocusConnection(FocusXmppSettings settings, BridgeRegistry bridges, ILoggerFactory loggers)
    {
        _settings = settings;
        _bridges = bridges;
        _logger = loggers.CreateLogger<FocusConnection>();
        Router = new StanzaRouter(new IQCaller(), loggers.CreateLogger<StanzaRouter>());
        var disco = new DiscoInfo(Router, "component", "generic", "Jitsi.Net Focus");
        PingResponder.Register(Router, disco);
        var options = new ComponentOptions
        {
            Host = settings.Host,
            Port = settings.ComponentPort,
            Name = settings.ComponentName,
            ServerDomain = settings.Domain,
            Secret = settings.ComponentSecret,
        };
        Connection = new ReconnectingConnection(
            (router, ct) => ComponentConnector.ConnectAsync(options, router, loggers.CreateLogger("Jitsi.Net.XmppComponent.Connections"), null, ct),
            Router, loggers.CreateLogger<ReconnectingConnection>());
        Muc = new MucClient(Router, Connection, Jid.Parse(settings.ComponentName).WithResource("focus"));
        Connection.OnConnected(JoinBreweryAsync);
    }

    public StanzaRouter Router { get; }

    public ReconnectingConnection Connection { get; }

    public MucClient Muc { get; }

    public MucRoom? Brewery { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Connection.RunAsync(stoppingToken);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
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

    private async Task JoinBreweryAsync(XmppSession session, CancellationToken cancellationToken)
    {
        if (Brewery is not null)
        {
            // Re-joined by the MUC client; follow the fresh occupant list.
            _bridges.Resync(Brewery);
            return;
        }
        Brewery = await Muc.JoinAsync(Jid.Parse(_settings.BreweryJid), "focus", cancellationToken: cancellationToken).ConfigureAwait(false);
        _bridges.Track(Brewery);
        _logger.LogInformation("Joined the brewery {Brewery}; {Count} bridge(s) present", _settings.BreweryJid, _bridges.Bridges.Count);
    }
}
