using System.Net;
using System.Runtime.Versioning;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Interop.Tests.Focus;
using Jitsi.Net.Stack;
using Jitsi.Net.Stack.DevStack;
using Jitsi.Net.Stack.Web;

namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>The run command's web server on a loopback port, with a stand-in page.</summary>
[SupportedOSPlatform("linux")]
public sealed class WebServerTests : IDisposable
{
    private readonly ScratchDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task ServesThePageAndAGeneratedConfig()
    {
        await File.WriteAllTextAsync(Path.Combine(_root.Path, "index.html"), "<!doctype html><title>page</title>");
        await File.WriteAllTextAsync(Path.Combine(_root.Path, "config.js"), "window.jitsiNetConfig = { template: true };");
        var port = FreePorts.Allocate(1)[0];
        var config = new WebClientConfig("ws://127.0.0.1:5280/xmpp-websocket", "meet.localhost", "conference.meet.localhost", "focus.\"quoted\"");

        await using (await WebServer.StartAsync(_root.Path, port, config, CancellationToken.None))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(10) };
            Assert.Contains("<title>page</title>", await http.GetStringAsync(new Uri("/", UriKind.Relative)));
            var script = await http.GetStringAsync(new Uri("/config.js", UriKind.Relative));
            // The generated settings win over the template in the folder, and values stay inside their strings.
            Assert.Contains("\"service\": \"ws://127.0.0.1:5280/xmpp-websocket\"", script, StringComparison.Ordinal);
            Assert.Contains("\"focus\": \"focus.\\u0022quoted\\u0022\"", script, StringComparison.Ordinal);
            Assert.DoesNotContain("template", script, StringComparison.Ordinal);
            using var missing = await http.GetAsync(new Uri("/nothing.js", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        Assert.True(FreePorts.IsFree(IPAddress.Loopback, port), "the port is released on dispose");
    }

    [Fact]
    public void ConfigWritesTheOptionalKeysOnlyWhenSet()
    {
        var plain = new WebClientConfig("ws://127.0.0.1:5280/xmpp-websocket", "meet.localhost", "conference.meet.localhost", "focus.meet.localhost");
        Assert.DoesNotContain("iceServers", plain.ToScript(), StringComparison.Ordinal);
        Assert.DoesNotContain("login", plain.ToScript(), StringComparison.Ordinal);

        var script = (plain with
        {
            IceServers = [new IceServer("turn:turn.example.com:3478?transport=udp", "1795000000:web", "c2VjcmV0"), new IceServer("stun:stun.example.com:3478")],
            Login = "required",
            AnonymousDomain = "guest.meet.localhost",
        }).ToScript();

        Assert.Contains("\"urls\": \"turn:turn.example.com:3478?transport=udp\"", script, StringComparison.Ordinal);
        Assert.Contains("\"credential\": \"c2VjcmV0\"", script, StringComparison.Ordinal);
        Assert.Contains("\"login\": \"required\"", script, StringComparison.Ordinal);
        Assert.Contains("\"anonymousDomain\": \"guest.meet.localhost\"", script, StringComparison.Ordinal);
        Assert.DoesNotContain("\"username\": null", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRunCommandRefusesToStartWithoutABuiltPage()
    {
        var options = StackFixture.NewOptions(Path.Combine(_root.Path, "stack")) with { WebRoot = _root.Path, WebPort = FreePorts.Allocate(1)[0] };
        var output = new StringWriter();

        var exitCode = await new DevStackRunner(options, output).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, exitCode);
        Assert.Contains("holds no index.html: build the web client first (npm run build --prefix web)", output.ToString(), StringComparison.Ordinal);
    }
}
