using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Interop.Tests.Prosody;
using Jitsi.Net.Stack;
using Jitsi.Net.Stack.Ejabberd;
using Jitsi.Net.Stack.Prosody;
using Jitsi.Net.Stack.Turn;

namespace Jitsi.Net.Interop.Tests.Deploy;

/// <summary>
/// TURN for clients behind UDP-blocking firewalls: a real Prosody and a real ejabberd, each configured with its TURN
/// snippet, hand out XEP-0215 credentials (on the main domain and on the guest domain), and a real coturn configured from our template accepts them (Allocate, relay, data back
/// with <c>turnutils_uclient</c>) over UDP, TCP and TLS, and refuses a wrong password. Everything on 127.0.0.1.
/// </summary>
public sealed class TurnTests : IAsyncLifetime
{
    private const string Secret = "a-shared-turn-secret";
    private readonly ScratchDirectory _scratch = new();
    private CoturnServer? _coturn;

    public async Task InitializeAsync()
    {
        IReadOnlyList<int> ports = FreePorts.Allocate(2);
        string certificates = Path.Combine(_scratch.Path, "certs");
        DevCertificate.EnsureFiles("meet.localhost", Path.Combine(certificates, "turn.crt"), Path.Combine(certificates, "turn.key"));
        _coturn = await CoturnServer.StartAsync(new CoturnOptions
        {
            DataDirectory = Path.Combine(_scratch.Path, "coturn"),
            Port = ports[0],
            TlsPort = ports[1],
            Secret = Secret,
            CertificatePath = Path.Combine(certificates, "turn.crt"),
            KeyPath = Path.Combine(certificates, "turn.key"),
            AllowedPeers = ["127.0.0.1"],
        }, null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_coturn is not null)
        {
            await _coturn.DisposeAsync();
        }
        _scratch.Dispose();
    }

    [Theory]
    [InlineData("prosody")]
    [InlineData("ejabberd")]
    public async Task ExternalServices_FromTheXmppServer_AreAcceptedByCoturn_OverUdpTcpAndTls(string server)
    {
        // A directory of its own: ejabberd runs as its own user, which must own the whole path.
        using var data = new ScratchDirectory();
        ProsodyOptions options = ProsodyOptions.WithFreePorts(data.Path) with
        {
            TurnHost = "127.0.0.1",
            TurnPort = _coturn!.Options.Port,
            TurnTlsPort = _coturn.Options.TlsPort,
            TurnSecret = Secret,
            TurnTtlSeconds = 3600,
            GuestDomain = "guest.meet.localhost",
            StartTimeout = TimeSpan.FromSeconds(60),
        };
        await using IAsyncDisposable xmpp = server == "prosody"
            ? await ProsodyServer.StartAsync(options)
            : await EjabberdServer.StartAsync(options);
        var services = await ServicesAsync(options.Domain);
        // Guests on the separate anonymous host get the same services (the block is in both hosts).
        var guestServices = await ServicesAsync(options.GuestDomain!);

        // STUN, TURN over UDP and TCP, TURNS: as the snippet lists them, at the configured ports.
        foreach (var list in new[] { services, guestServices })
        {
            Assert.Equal(["stun/udp", "turn/udp", "turn/tcp", "turns/tcp"], list.Select(s => $"{s.Attribute("type")?.Value}/{s.Attribute("transport")?.Value}"));
        }
        XElement turn = services.Single(s => (string?)s.Attribute("type") == "turn" && (string?)s.Attribute("transport") == "udp");
        Assert.Equal(options.TurnPort.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)turn.Attribute("port"));
        string username = (string)turn.Attribute("username")!;
        string password = (string)turn.Attribute("password")!;

        // The user name is "<expiry>:<user>" with the expiry one TTL ahead, and the password is the same HMAC the front computes.
        long expiry = long.Parse(username.Split(':')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(expiry - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), 3600 - 60, 3600 + 5);
        Assert.Equal(TurnCredentials.Password(Secret, username), password);

        (int udp, string udpOutput) = await AllocateAndRelayAsync(username, password, tcp: false);
        Assert.True(udp == 0, udpOutput);
        Assert.Contains("Total lost packets 0", udpOutput, StringComparison.Ordinal);
        (int tcp, string tcpOutput) = await AllocateAndRelayAsync(username, password, tcp: true);
        Assert.True(tcp == 0, tcpOutput);
        Assert.Matches(new Regex(@"tot_recv_msgs=[1-9]"), tcpOutput);

        (int tls, string tlsOutput) = await AllocateAndRelayAsync(username, password, tcp: true, tls: true);
        Assert.True(tls == 0, tlsOutput);
        Assert.Matches(new Regex(@"tot_recv_msgs=[1-9]"), tlsOutput);

        (int refused, string refusedOutput) = await AllocateAndRelayAsync(username, password + "x", tcp: false);
        Assert.NotEqual(0, refused);
        Assert.Contains("Cannot complete Allocation", refusedOutput, StringComparison.Ordinal);

        // An anonymous session on <paramref name="domain"/> asks its host for the external services (XEP-0215 §3.1).
        async Task<List<XElement>> ServicesAsync(string domain)
        {
            await using var web = await RawXmppStream.ConnectAsync(options.Host, options.C2sPort);
            Assert.EndsWith("@" + domain, (await RawLogin.AnonymousAsync(web, domain)).Split('/')[0], StringComparison.Ordinal);
            await web.SendAsync($"<iq type='get' to='{domain}' id='ext1'><services xmlns='urn:xmpp:extdisco:2'/></iq>");
            XElement reply = XElement.Parse(await web.ReadElementAsync("iq"));
            XNamespace ns = "urn:xmpp:extdisco:2";
            return [.. reply.Element(ns + "services")!.Elements(ns + "service")];
        }
    }

    [Fact]
    public async Task TurnOverTls_OnTheFrontsHttpsPort_ReachesCoturn_WhileHttpsStillServesThePage()
    {
        string webRoot = Path.Combine(_scratch.Path, "web");
        Directory.CreateDirectory(webRoot);
        await File.WriteAllTextAsync(Path.Combine(webRoot, "index.html"), "<!doctype html><title>front page</title>");
        var settings = new Stack.Front.FrontSettings
        {
            Host = "127.0.0.1",
            Port = FreePorts.Allocate(1)[0],
            PublicHost = "127.0.0.1",
            WebRoot = webRoot,
            TurnTlsUpstream = $"127.0.0.1:{_coturn!.Options.TlsPort}",
        };
        Assert.Empty(settings.Validate("Front"));
        using var certificate = Stack.Front.FrontCertificate.Load(settings, Path.Combine(_scratch.Path, "front"));
        await using var front = await Stack.Front.FrontServer.StartAsync(settings, new Stack.Front.TurnSettings(), certificate, null, CancellationToken.None);
        (string username, string password) = TurnCredentials.Create(Secret, "front-test", DateTimeOffset.UtcNow, TimeSpan.FromMinutes(10));

        (int tls, string tlsOutput) = await AllocateAndRelayAsync(username, password, tcp: true, tls: true, port: settings.Port);
        Assert.True(tls == 0, tlsOutput);
        Assert.Matches(new Regex(@"tot_recv_msgs=[1-9]"), tlsOutput);
        // A client that offers HTTP by ALPN, as every browser does, still gets the page.
        using var http = new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == certificate.Thumbprint })
        {
            DefaultRequestVersion = System.Net.HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        Assert.Contains("front page", await http.GetStringAsync(new Uri($"https://127.0.0.1:{settings.Port}/")), StringComparison.Ordinal);
    }

    [Fact]
    public void Coturn_RelaysOnlyToTheAllowedPeers_AndTakesTheSecret()
    {
        string config = CoturnServer.Render(_coturn!.Options with { AllowedPeers = ["198.18.0.1"] });

        Assert.Contains("use-auth-secret", config, StringComparison.Ordinal);
        Assert.Contains($"static-auth-secret={Secret}", config, StringComparison.Ordinal);
        Assert.Contains("denied-peer-ip=0.0.0.0-255.255.255.255", config, StringComparison.Ordinal);
        Assert.Contains("allowed-peer-ip=198.18.0.1", config, StringComparison.Ordinal);
        Assert.DoesNotContain("allow-loopback-peers", config, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", config, StringComparison.Ordinal);
    }

    /// <summary>coturn's own test client in client-to-client mode: two allocations that send each other a few messages.</summary>
    /// <param name="tls">TURN over TLS (<c>turns:</c>) on the TLS port.</param>
    /// <param name="port">Where to connect instead of coturn's own port.</param>
    private async Task<(int ExitCode, string Output)> AllocateAndRelayAsync(string username, string password, bool tcp, bool tls = false, int? port = null)
    {
        var start = new ProcessStartInfo("turnutils_uclient") { RedirectStandardOutput = true, RedirectStandardError = true };
        port ??= tls ? _coturn!.Options.TlsPort : _coturn!.Options.Port;
        foreach (string argument in (string[])[.. tcp ? ["-t"] : Array.Empty<string>(), .. tls ? ["-S"] : Array.Empty<string>(), "-y", "-n", "3",
                     "-u", username, "-w", password, "-p", port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "127.0.0.1"])
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
        return (process.ExitCode, await output + await errors);
    }
}
