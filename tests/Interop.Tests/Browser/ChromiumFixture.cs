using Microsoft.Playwright;

namespace Jitsi.Net.Interop.Tests.Browser;

/// <summary>
/// One headless Debian Chromium driven by Playwright, shared by a test collection. Pages get fake camera and
/// microphone devices; loopback ICE candidates are allowed and mDNS host-name candidates are off, so WebRTC talks
/// to 127.0.0.1 only. Each page lives in its own browser context (its own profile state).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string Collection = "chromium";

    /// <summary>The switches DESIGN.md §5 names: nothing leaves the machine, media is fake, audio plays unattended.</summary>
    public static readonly IReadOnlyList<string> Switches =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream", "--allow-loopback-in-peer-connection",
        "--disable-features=WebRtcHideLocalIpsWithMdns", "--autoplay-policy=no-user-gesture-required",
    ];

    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private string? _profile;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not running");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run scripts/setup.sh (it installs Debian's chromium)");
        }
        _playwright = await Playwright.CreateAsync();
        _profile = Directory.CreateTempSubdirectory("jitsinet-chromium-").FullName;
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = [.. Switches],
            Timeout = 60_000,
        });
    }

    /// <summary>A fresh page in its own context, on an origin that counts as secure (http://127.0.0.1).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { Permissions = ["camera", "microphone"] });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_profile is not null)
        {
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

[CollectionDefinition(ChromiumFixture.Collection)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>;
