using System.Net;
using System.Text;
using Jitsi.Net.Stack;

namespace Jitsi.Net.Interop.Tests.Browser;

/// <summary>
/// Serves an empty page from a real listener on 127.0.0.1, so the page's origin is a loopback address as far as
/// Chromium's local-network rules go (a page fulfilled by Playwright has no address and counts as public, which blocks
/// its WebSocket to a loopback bridge). One per process; any thread.
/// </summary>
internal static class TestPageServer
{
    private static readonly Lazy<string> Url = new(Start);

    public static string PageUrl => Url.Value;

    private static string Start()
    {
        var port = FreePorts.Allocate(1)[0];
        var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var body = Encoding.UTF8.GetBytes("<!doctype html><title>peer</title>");
        _ = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                try
                {
                    var context = await listener.GetContextAsync();
                    context.Response.ContentType = "text/html";
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }
            }
        });
        return $"http://127.0.0.1:{port}/peer";
    }
}
