using System.Globalization;
using System.Runtime.Versioning;
using System.Text;
using Jitsi.Net.Interop.Tests.Browser;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Interop.Tests.Web;
using Jitsi.Net.Stack.DevStack;
using Jitsi.Net.Stack.Processes;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Jitsi.Net.Interop.Tests.Deploy;

/// <summary>
/// The stack deployed the way an operator runs it, seen from another machine: <c>run --public-host 198.18.0.1</c>
/// (Prosody, Focus, Videobridge, the HTTPS front and coturn) in a server network namespace, Chromium in a client
/// namespace joined to it by a veth pair and nothing else. Two pages join over HTTPS and decode each other; then the
/// client's firewall drops all UDP and two new pages still decode, through TURN over TCP; then it lets only HTTPS out
/// and two more pages decode through TURN over TLS on the front's port 443.
/// </summary>
// In the Chromium collection (though it launches its own browser) so it never runs beside the other browser tests.
[Collection(ChromiumFixture.Collection)]
[SupportedOSPlatform("linux")]
public sealed class NamespaceDeployTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartBound = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan MediaBound = TimeSpan.FromSeconds(60);
    private const int TurnPort = 3478;
    private const int TurnTlsPort = 5349;

    [NamespaceFact]
    public async Task PagesOnAnotherHost_JoinOverHttps_AndStillDecodeThroughTurnWhenUdpAndThenAllButHttpsIsBlocked()
    {
        using var scratch = new ScratchDirectory();
        using NetworkNamespaces net = NetworkNamespaces.Create();
        string webRoot = DevStackOptions.BuiltWebClient();
        await WebStackFixture.BuildWebClientAsync(Path.GetDirectoryName(webRoot)!);
        var log = new StringBuilder();
        string configuration = DevStackOptions.OwnConfiguration();

        // Exactly the README's public-mode run command, started inside the server host.
        await using ChildProcess stack = ChildProcess.Start("stack", "ip",
        [
            "netns", "exec", net.Server, "dotnet", DevStackOptions.BuiltProgram("Stack", "Jitsi.Net.Stack", configuration), "run",
            "--public-host", NetworkNamespaces.ServerAddress, "--data-dir", Path.Combine(scratch.Path, "stack"), "--web-root", webRoot,
            "--focus-dll", DevStackOptions.BuiltProgram("Focus", "Jitsi.Net.Focus", configuration),
            "--bridge-dll", DevStackOptions.BuiltProgram("Videobridge", "Jitsi.Net.Videobridge", configuration),
        ], onLine: line =>
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        });
        try
        {
            string page = $"https://{NetworkNamespaces.ServerAddress}/";
            await Eventually.HoldsAsync(
                () => Task.FromResult(Text(log).Contains("Share " + page, StringComparison.Ordinal) || stack.HasExited),
                StartBound, () => Task.FromResult("the stack did not come up:\n" + Text(log)));
            Assert.False(stack.HasExited, "the stack stopped:\n" + Text(log));

            await using var chromium = await ClientHostChromium.LaunchAsync(net.Client, scratch.Path);

            // Over HTTPS from the other host, UDP allowed.
            await HoldCallAsync(chromium, page + "?video=180", "direct");

            // The client host now lets no UDP through: media must go over TCP through coturn.
            net.BlockClientUdp(TurnPort);
            await HoldCallAsync(chromium, page + "?video=180", "relayed");
            long udpDropped = net.FirewallPackets("udp-out");
            long turnTcp = net.FirewallPackets("turn-tcp");
            output.WriteLine($"client firewall: {udpDropped} UDP datagrams dropped, {turnTcp} TCP packets to TURN");
            // The call decoded with every UDP datagram of the client dropped, and the bridge offers UDP candidates only:
            // the media went over TCP through coturn — TURN over TCP on its port, or TURN over TLS through the front's
            // 443 (both are offered; which one the pages pick varies).
            Assert.True(udpDropped > 0, "the pages never tried UDP, so the block proved nothing");

            // Only HTTPS gets out now: TURN over TLS through the front's port 443, passed on to coturn.
            net.BlockClientTurnPorts(TurnPort, TurnTlsPort);
            long httpsBefore = net.FirewallPackets("https");
            await HoldCallAsync(chromium, page + "?video=180", "https-only");
            long https = net.FirewallPackets("https") - httpsBefore;
            output.WriteLine($"client firewall: {net.FirewallPackets("turn-direct")} TCP packets to coturn's ports dropped, {https} packets to 443");
            Assert.True(https > 100, $"only {https} packets went to port 443; media did not take TURN over TLS through the front");
        }
        finally
        {
            await stack.StopAsync(TimeSpan.FromSeconds(20));
            output.WriteLine(Text(log));
        }
    }

    /// <summary>Two new pages join <paramref name="room"/>, see and hear each other, and leave.</summary>
    private static async Task HoldCallAsync(ClientHostChromium chromium, string url, string room)
    {
        var people = new List<WebParticipant>();
        foreach (string name in new[] { "Ada", "Bob" })
        {
            people.Add(await WebParticipant.JoinAsync(await chromium.NewPageAsync(), url, room, name));
        }
        var progress = new MediaProgress(people, p => people.Where(o => o != p).SelectMany(o => new[] { o.EndpointId + "-v0", o.EndpointId + "-a0" }));
        await Eventually.HoldsAsync(progress.FlowingAsync, MediaBound, progress.DescribeAsync);
        foreach (WebParticipant person in people)
        {
            await person.Page.Context.CloseAsync();
        }
    }

    private static string Text(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    /// <summary>
    /// Debian's Chromium started inside the client namespace (through a wrapper that Playwright runs as the browser; the
    /// DevTools pipe is inherited across <c>ip netns exec</c>). It trusts the front's self-signed certificate only
    /// because this is a test (<c>--ignore-certificate-errors</c>).
    /// </summary>
    private sealed class ClientHostChromium : IAsyncDisposable
    {
        private readonly IPlaywright _playwright;
        private readonly IBrowser _browser;

        private ClientHostChromium(IPlaywright playwright, IBrowser browser)
        {
            _playwright = playwright;
            _browser = browser;
        }

        public static async Task<ClientHostChromium> LaunchAsync(string ns, string directory)
        {
            string wrapper = Path.Combine(directory, "chromium-in-client-host");
            await File.WriteAllTextAsync(wrapper, string.Create(CultureInfo.InvariantCulture, $"#!/bin/sh\nexec ip netns exec {ns} {ChromiumFixture.ExecutablePath} \"$@\"\n"));
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            IPlaywright playwright = await Playwright.CreateAsync();
            IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = wrapper,
                Headless = true,
                Args = [.. ChromiumFixture.Switches, "--ignore-certificate-errors"],
                Timeout = 60_000,
            });
            return new ClientHostChromium(playwright, browser);
        }

        public async Task<IPage> NewPageAsync()
        {
            IBrowserContext context = await _browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"], IgnoreHTTPSErrors = true });
            IPage page = await context.NewPageAsync();
            page.SetDefaultTimeout(30_000);
            return page;
        }

        public async ValueTask DisposeAsync()
        {
            await _browser.CloseAsync();
            _playwright.Dispose();
        }
    }
}
