using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack;
using Jitsi.Net.Stack.DevStack;
using Jitsi.Net.Stack.Front;
using Jitsi.Net.Stack.Prosody;
using Jitsi.Net.Stack.Turn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Interop.Tests.Deploy;

/// <summary>
/// The HTTPS front on a loopback port with a generated self-signed certificate: a real Prosody login over
/// <c>wss://…/xmpp-websocket</c> through it, colibri-ws routed by server id to two bridge listeners, an unknown id
/// refused, and a config.js for the origin with TURN credentials.
/// </summary>
[Collection(ProsodyFixture.Collection)]
public sealed class FrontTests(ProsodyFixture prosody) : IAsyncLifetime
{
    private const string TurnSecret = "front-turn-secret";
    private readonly ScratchDirectory _scratch = new();
    private readonly List<WebApplication> _bridges = [];
    private FrontSettings _settings = null!;
    private FrontServer? _front;
    private X509Certificate2? _certificate;

    public async Task InitializeAsync()
    {
        string webRoot = Path.Combine(_scratch.Path, "web");
        Directory.CreateDirectory(webRoot);
        await File.WriteAllTextAsync(Path.Combine(webRoot, "index.html"), "<!doctype html><title>front page</title>");
        IReadOnlyList<int> ports = FreePorts.Allocate(3);
        _bridges.Add(await StartBridgeListenerAsync("bridge-a", ports[1]));
        _bridges.Add(await StartBridgeListenerAsync("bridge-b", ports[2]));
        _settings = new FrontSettings
        {
            Host = "127.0.0.1",
            Port = ports[0],
            PublicHost = "127.0.0.1",
            WebRoot = webRoot,
            XmppWebSocketUrl = prosody.Options.WebSocketUrl,
            Bridges = new() { ["jvb-a"] = $"http://127.0.0.1:{ports[1]}", ["jvb-b"] = $"http://127.0.0.1:{ports[2]}/" },
        };
        Assert.Empty(_settings.Validate("Front"));
        _certificate = FrontCertificate.Load(_settings, Path.Combine(_scratch.Path, "certs"));
        _front = await FrontServer.StartAsync(_settings, new TurnSettings { Secret = TurnSecret, Host = "turn.example.test", TlsPort = 443 },
            _certificate, null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_front is not null)
        {
            await _front.DisposeAsync();
        }
        foreach (WebApplication bridge in _bridges)
        {
            await bridge.DisposeAsync();
        }
        _certificate?.Dispose();
        _scratch.Dispose();
    }

    [Fact]
    public async Task XmppWebSocket_ThroughTheFront_LogsInAnonymouslyOverTls()
    {
        using ClientWebSocket socket = TrustingTheFront();
        socket.Options.AddSubProtocol("xmpp");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{_settings.Port}/xmpp-websocket"), timeout.Token);
        Assert.Equal("xmpp", socket.SubProtocol);

        // RFC 7395: <open/>, SASL ANONYMOUS, a new <open/>, bind — each one WebSocket message.
        string domain = prosody.Options.Domain;
        string open = $"<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='{domain}' version='1.0'/>";
        await SendAsync(socket, open, timeout.Token);
        Assert.Contains("<mechanism>ANONYMOUS</mechanism>", await ReceiveUntilAsync(socket, "</stream:features>", timeout.Token), StringComparison.Ordinal);
        await SendAsync(socket, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='ANONYMOUS'/>", timeout.Token);
        Assert.Contains("<success", await ReceiveUntilAsync(socket, "urn:ietf:params:xml:ns:xmpp-sasl", timeout.Token), StringComparison.Ordinal);
        await SendAsync(socket, open, timeout.Token);
        await ReceiveUntilAsync(socket, "</stream:features>", timeout.Token);
        await SendAsync(socket, "<iq type='set' id='b1' xmlns='jabber:client'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>", timeout.Token);
        string bound = await ReceiveUntilAsync(socket, "</iq>", timeout.Token);

        Assert.Matches(new Regex($"<jid>[^@<]+@{Regex.Escape(domain)}/[^<]+</jid>"), bound);
        await SendAsync(socket, "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>", timeout.Token);
    }

    [Fact]
    public async Task ColibriWs_IsRoutedByServerId_AndAnUnknownIdIs404()
    {
        Assert.Equal("bridge-a /colibri-ws/jvb-a/conf1/ep1?pwd=secret1", await FirstMessageAsync("/colibri-ws/jvb-a/conf1/ep1?pwd=secret1"));
        Assert.Equal("bridge-b /colibri-ws/jvb-b/conf2/ep2?pwd=secret2", await FirstMessageAsync("/colibri-ws/jvb-b/conf2/ep2?pwd=secret2"));

        // Messages go both ways, whole.
        using ClientWebSocket socket = TrustingTheFront();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{_settings.Port}/colibri-ws/jvb-b/c/e?pwd=p"), timeout.Token);
        await ReceiveUntilAsync(socket, "bridge-b", timeout.Token);
        string big = new('x', 40_000);
        await SendAsync(socket, "{\"colibriClass\":\"" + big + "\"}", timeout.Token);
        Assert.Equal("echo {\"colibriClass\":\"" + big + "\"}", await ReceiveMessageAsync(socket, timeout.Token));

        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == _certificate!.Thumbprint });
        using HttpResponseMessage unknown = await http.GetAsync(new Uri($"https://127.0.0.1:{_settings.Port}/colibri-ws/jvb-zzz/conf/ep?pwd=x"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using HttpResponseMessage page = await http.GetAsync(new Uri($"https://127.0.0.1:{_settings.Port}/"));
        Assert.Contains("front page", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigJs_PointsAtThisOrigin_WithFreshTurnCredentials()
    {
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == _certificate!.Thumbprint });
        string script = await http.GetStringAsync(new Uri($"https://127.0.0.1:{_settings.Port}/config.js"));

        Assert.Contains($"\"service\": \"wss://127.0.0.1:{_settings.Port}/xmpp-websocket\"", script, StringComparison.Ordinal);
        Assert.Contains("\"turn:turn.example.test:3478?transport=udp\"", script, StringComparison.Ordinal);
        Assert.Contains("\"turn:turn.example.test:3478?transport=tcp\"", script, StringComparison.Ordinal);
        Assert.Contains("\"turns:turn.example.test:443?transport=tcp\"", script, StringComparison.Ordinal);
        Match username = Regex.Match(script, "\"username\": \"(\\d+):jitsi-net\"");
        Assert.True(username.Success, script);
        long expiry = long.Parse(username.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiry - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 86400 - 60, 86400 + 5);
        string credential = TurnCredentials.Password(TurnSecret, username.Groups[1].Value + ":jitsi-net");
        Assert.Contains($"\"credential\": \"{credential.Replace("+", "\\u002B", StringComparison.Ordinal)}\"", script, StringComparison.Ordinal);
    }

    [Fact]
    public void BadSettings_NameTheirKeys()
    {
        var settings = new FrontSettings { Port = 0, PublicHost = "", CertificatePath = "/nonexistent.pem", WebRoot = _scratch.Path, XmppWebSocketUrl = "http://x", Bridges = new() { ["a b"] = "ftp://x" } };

        string problems = string.Join("\n", settings.Validate("Front"));

        foreach (string key in (string[])["Front:Port", "Front:PublicHost", "Front:CertificatePath", "Front:WebRoot", "Front:XmppWebSocketUrl", "Front:Bridges:a b"])
        {
            Assert.Contains(key, problems, StringComparison.Ordinal);
        }
        Assert.Contains("Turn:TtlSeconds", string.Join("\n", new TurnSettings { Secret = "s", Host = "h", TtlSeconds = 5 }.Validate("Turn")), StringComparison.Ordinal);
        Assert.Empty(new TurnSettings().Validate("Turn"));
    }

    [Fact]
    public async Task FrontCommand_FromAJsonFileAndTheEnvironment_ServesTheOrigin_AndStopsOnSigterm()
    {
        int port = FreePorts.Allocate(1)[0];
        string json = Path.Combine(_scratch.Path, "front.json");
        await File.WriteAllTextAsync(json, $$"""
            { "Front": { "Host": "127.0.0.1", "Port": {{port}}, "PublicHost": "meet.example.test", "WebRoot": "{{_settings.WebRoot}}",
                         "Bridges": { "jvb9": "http://127.0.0.1:9" } },
              "Turn": { "Host": "meet.example.test" } }
            """);
        using var front = StartFrontCommand(["--config", json], new() { ["Turn__Secret"] = TurnSecret });
        try
        {
            using var started = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            string? line;
            do
            {
                // Its log lines come first; the last start line says where it serves.
                line = await front.StandardOutput.ReadLineAsync(started.Token);
            }
            while (line is not null && !line.StartsWith("front: serving", StringComparison.Ordinal));
            Assert.Equal($"front: serving https://meet.example.test:{port}/ on 127.0.0.1:{port}", line);
            using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Subject == "CN=meet.example.test" });
            string script = await http.GetStringAsync(new Uri($"https://127.0.0.1:{port}/config.js"));
            Assert.Contains("turn:meet.example.test:3478?transport=tcp", script, StringComparison.Ordinal);
            // The generated self-signed pair stays in the data directory for the next start.
            Assert.True(File.Exists(Path.Combine(_scratch.Path, "meet.example.test.crt")));
        }
        finally
        {
            Jitsi.Net.Stack.Processes.PosixSignals.Send(front.Id, Jitsi.Net.Stack.Processes.PosixSignals.SigTerm);
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await front.WaitForExitAsync(exit.Token);
        }
        Assert.Equal(0, front.ExitCode);
    }

    [Fact]
    public async Task FrontCommand_WithABadValue_ExitsWith2AndNamesTheKey()
    {
        using var front = StartFrontCommand([], new()
        {
            ["Front__Port"] = "70000",
            ["Front__PublicHost"] = "meet.example.test",
            ["Front__WebRoot"] = _settings.WebRoot,
        });
        Task<string> errors = front.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await front.WaitForExitAsync(timeout.Token);

        Assert.Equal(2, front.ExitCode);
        Assert.Contains("front: configuration error: Front:Port must be a port number", await errors, StringComparison.Ordinal);
    }

    /// <summary><c>Jitsi.Net.Stack.dll front</c> as the systemd unit runs it, with its self-signed pair in the scratch directory.</summary>
    private System.Diagnostics.Process StartFrontCommand(string[] arguments, Dictionary<string, string> environment)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in (string[])[DevStackOptions.BuiltProgram("Stack", "Jitsi.Net.Stack", DevStackOptions.OwnConfiguration()), "front", "--data-dir", _scratch.Path, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }
        foreach ((string key, string value) in environment)
        {
            start.Environment[key] = value;
        }
        return System.Diagnostics.Process.Start(start)!;
    }

    private ClientWebSocket TrustingTheFront()
    {
        var socket = new ClientWebSocket();
        // Exactly the front's certificate, not any self-signed one.
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _certificate!.Thumbprint;
        return socket;
    }

    private async Task<string> FirstMessageAsync(string pathAndQuery)
    {
        using ClientWebSocket socket = TrustingTheFront();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(new Uri($"wss://127.0.0.1:{_settings.Port}{pathAndQuery}"), timeout.Token);
        string message = await ReceiveMessageAsync(socket, timeout.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
        return message;
    }

    /// <summary>A stand-in for a bridge's public listener: says who it is and what it was asked for, then echoes.</summary>
    private static async Task<WebApplication> StartBridgeListenerAsync(string name, int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        WebApplication app = builder.Build();
        app.UseWebSockets();
        app.Map("/colibri-ws/{**rest}", async (HttpContext context) =>
        {
            using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync();
            await SendAsync(socket, $"{name} {context.Request.Path}{context.Request.QueryString}", context.RequestAborted);
            while (socket.State == WebSocketState.Open)
            {
                string message = await ReceiveMessageAsync(socket, context.RequestAborted);
                if (socket.State != WebSocketState.Open)
                {
                    break;
                }
                await SendAsync(socket, "echo " + message, context.RequestAborted);
            }
        });
        await app.StartAsync();
        return app;
    }

    private static Task SendAsync(WebSocket socket, string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>One whole message (its frames joined); empty after a close.</summary>
    private static async Task<string> ReceiveMessageAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var buffer = new byte[8192];
        while (true)
        {
            WebSocketReceiveResult result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return "";
            }
            bytes.AddRange(buffer.AsSpan(0, result.Count));
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString([.. bytes]);
            }
        }
    }

    private static async Task<string> ReceiveUntilAsync(WebSocket socket, string marker, CancellationToken cancellationToken)
    {
        var received = new StringBuilder();
        while (!received.ToString().Contains(marker, StringComparison.Ordinal))
        {
            string message = await ReceiveMessageAsync(socket, cancellationToken);
            Assert.False(message.Length == 0 && socket.State != WebSocketState.Open, $"closed before '{marker}': {received}");
            received.Append(message);
        }
        return received.ToString();
    }
}
