using System.Net;
using Jitsi.Net.Stack.Prosody;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Stack.Web;

/// <summary>
/// Serves the built web client (<c>web/dist</c>) and a <c>config.js</c> generated for this stack on 127.0.0.1.
/// The page's XMPP WebSocket goes straight to Prosody's <c>/xmpp-websocket</c> (loopback to loopback, which
/// Chromium's local-network rules allow, and Prosody 0.12 accepts any Origin), so no proxy is needed here.
/// Kestrel owns its threads; start and stop from the run command's task.
/// </summary>
internal sealed class WebServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebServer(WebApplication app) => _app = app;

    public static async Task<WebServer> StartAsync(string webRoot, int port, WebClientConfig config, CancellationToken cancellationToken)
    {
        if (!HasPage(webRoot))
        {
            throw new FileNotFoundException($"{webRoot} holds no index.html", Path.Combine(webRoot, "index.html"));
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = webRoot, WebRootPath = webRoot });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        WebApplication app = builder.Build();

        string script = config.ToScript();
        app.Use(async (context, next) =>
        {
            // A rebuilt bundle must reach the next reload.
            context.Response.Headers.CacheControl = "no-cache";
            await next(context).ConfigureAwait(false);
        });
        app.MapGet("/config.js", () => Results.Text(script, "text/javascript; charset=utf-8"));
        var files = new PhysicalFileProvider(webRoot);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new WebServer(app);
    }

    /// <summary>Whether <paramref name="webRoot"/> holds a built page.</summary>
    public static bool HasPage(string webRoot) => File.Exists(Path.Combine(webRoot, "index.html"));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The settings a page needs to join a conference on this stack.</summary>
    public static WebClientConfig ConfigFor(ProsodyOptions prosody) =>
        new(prosody.WebSocketUrl, prosody.Domain, prosody.MucDomain, prosody.FocusComponent);
}
