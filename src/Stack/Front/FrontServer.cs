using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Jitsi.Net.Stack.Turn;
using Jitsi.Net.Stack.Web;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Stack.Front;

/// <summary>
/// The HTTPS origin users open: serves the built web client with a <c>config.js</c> made for this origin (XMPP at
/// <c>wss://&lt;host&gt;/xmpp-websocket</c>, fresh TURN credentials per load), relays <c>/xmpp-websocket</c> to the
/// XMPP server's WebSocket and <c>/colibri-ws/&lt;bridge id&gt;/…</c> to that bridge's public listener. One origin
/// makes the page a secure context (getUserMedia) and needs one certificate and one open TCP port.
/// Kestrel owns its threads; start and stop from one task.
/// </summary>
internal sealed class FrontServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FrontServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The port the HTTPS listener is bound to.</summary>
    public int Port { get; }

    /// <summary>Starts the listener; throws <see cref="IOException"/> when the port is taken.</summary>
    public static async Task<FrontServer> StartAsync(
        FrontSettings settings, TurnSettings turn, X509Certificate2 certificate, ILoggerProvider? logs, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = settings.WebRoot, WebRootPath = settings.WebRoot });
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        ILogger? relayLog = null;
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Parse(settings.Host), settings.Port, l =>
        {
            if (settings.TurnTlsUpstream.Length > 0)
            {
                // Before TLS: TURN clients are told apart by their ClientHello and passed on still encrypted.
                TurnTlsPassthrough.Use(l, IPEndPoint.Parse(settings.TurnTlsUpstream), new DeferredLogger(() => relayLog));
            }
            l.UseHttps(certificate);
        }));
        WebApplication app = builder.Build();
        ILogger log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Front");
        relayLog = log;

        app.Use(async (context, next) =>
        {
            // A rebuilt bundle must reach the next reload; the config carries fresh credentials.
            context.Response.Headers.CacheControl = "no-cache";
            await next(context).ConfigureAwait(false);
        });
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.MapGet("/config.js", (HttpContext context) =>
            Results.Text(ConfigFor(settings, turn, context.Request.Host, TimeProvider.System.GetUtcNow()).ToScript(), "text/javascript; charset=utf-8"));
        var xmpp = new Uri(settings.XmppWebSocketUrl);
        app.Map("/xmpp-websocket", (HttpContext context) => WebSocketRelay.RelayAsync(context, xmpp, log));
        app.Map("/colibri-ws/{bridge}/{**rest}", (HttpContext context, string bridge, string? rest) =>
        {
            if (!settings.Bridges.TryGetValue(bridge, out string? baseUrl))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
            return WebSocketRelay.RelayAsync(context, BridgeUrl(baseUrl, bridge, rest, context.Request.QueryString), log);
        });
        var files = new PhysicalFileProvider(settings.WebRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new FrontServer(app, settings.Port);
    }

    /// <summary>
    /// The page's settings: everything on this origin (the host the browser used, so a name and an address both
    /// work), and TURN credentials valid for <see cref="TurnSettings.TtlSeconds"/> from <paramref name="now"/>.
    /// </summary>
    public static WebClientConfig ConfigFor(FrontSettings settings, TurnSettings turn, HostString origin, DateTimeOffset now)
    {
        string host = origin.HasValue ? origin.Value : settings.PublicHost;
        return new WebClientConfig($"wss://{host}/xmpp-websocket", settings.Domain, settings.MucDomain, settings.FocusComponent)
        {
            IceServers = turn.Enabled ? IceServersFor(turn, now) : null,
        };
    }

    /// <summary>TURN over UDP and TCP on <see cref="TurnSettings.Port"/> (and TLS on <see cref="TurnSettings.TlsPort"/>), one credential for all.</summary>
    public static IReadOnlyList<IceServer> IceServersFor(TurnSettings turn, DateTimeOffset now)
    {
        // RFC 7065 §3.1 TURN URIs; the host is bracketed when it is an IPv6 address.
        string host = IPAddress.TryParse(turn.Host, out IPAddress? address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{turn.Host}]"
            : turn.Host;
        string port = turn.Port.ToString(CultureInfo.InvariantCulture);
        List<string> urls = [$"turn:{host}:{port}?transport=udp", $"turn:{host}:{port}?transport=tcp"];
        if (turn.TlsPort != 0)
        {
            urls.Add($"turns:{host}:{turn.TlsPort.ToString(CultureInfo.InvariantCulture)}?transport=tcp");
        }
        (string username, string password) = TurnCredentials.Create(turn.Secret, "jitsi-net", now, TimeSpan.FromSeconds(turn.TtlSeconds));
        return [.. urls.Select(url => new IceServer(url, username, password))];
    }

    /// <summary><c>ws(s)://&lt;bridge public listener&gt;/colibri-ws/&lt;id&gt;/&lt;rest&gt;?&lt;query&gt;</c>.</summary>
    private static Uri BridgeUrl(string baseUrl, string bridge, string? rest, QueryString query)
    {
        var builder = new UriBuilder(baseUrl) { Scheme = baseUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? "wss" : "ws" };
        builder.Path = builder.Path.TrimEnd('/') + "/colibri-ws/" + Uri.EscapeDataString(bridge) + "/" + (rest ?? "");
        builder.Query = query.HasValue ? query.Value![1..] : "";
        return builder.Uri;
    }

    /// <summary>The front's logger for code configured before the host (and its logger) exists.</summary>
    private sealed class DeferredLogger(Func<ILogger?> logger) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => logger()?.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logger()?.IsEnabled(logLevel) ?? false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logger()?.Log(logLevel, eventId, state, exception, formatter);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
