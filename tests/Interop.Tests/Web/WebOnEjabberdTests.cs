using System.Globalization;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Jitsi.Net.Interop.Tests.Browser;
using Microsoft.Playwright;

namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>
/// The web client on ejabberd instead of Prosody (same Focus and Videobridge processes): two guests join and see and
/// hear each other (the server announces no STUN/TURN, so the pages carry on without ICE servers), and a page whose
/// XMPP connection drops reconnects.
/// </summary>
[Collection(ChromiumFixture.Collection)]
[SupportedOSPlatform("linux")]
public sealed class WebConferenceOnEjabberdTests(ChromiumFixture chromium, EjabberdWebStackFixture stack) : IClassFixture<EjabberdWebStackFixture>
{
    [Fact]
    public async Task TwoGuestPagesJoinAndSeeAndHearEachOther()
    {
        var people = await WebCalls.JoinAsync(chromium, stack.PageUrl, "ejduo", "Ada", "Bob");

        await WebCalls.AssertMediaFlowsAsync(people, p => people.Where(o => o != p).SelectMany(o => new[] { o.EndpointId + "-v0", o.EndpointId + "-a0" }));
        foreach (var p in people)
        {
            Assert.Equal(0, (await p.Page.EvaluateAsync<JsonElement>("() => window.jitsiNet.iceServers()")).GetArrayLength());
        }
        await WebCalls.Screenshot(people[0], "ejabberd-two-pages");
        await WebCalls.LeaveAllAsync(people);
    }

    [Fact]
    public Task APageWhoseXmppConnectionDropsReconnectsRejoinsAndGetsMediaAgain() =>
        WebCalls.ReconnectAfterTheXmppConnectionIsCutAsync(chromium, stack.PageUrl, "ejredial");
}

/// <summary>
/// ejabberd with accounts only (no ANONYMOUS on the main domain) and a TURN server announced through XEP-0215: the
/// page asks for a login, says so when the password is wrong, joins with the account, and configures its peer
/// connection with the TURN credentials the server derived from the shared secret.
/// </summary>
[Collection(ChromiumFixture.Collection)]
[SupportedOSPlatform("linux")]
public sealed class WebAccountsOnEjabberdTests(ChromiumFixture chromium, EjabberdAccountsWebStackFixture stack) : IClassFixture<EjabberdAccountsWebStackFixture>
{
    private static readonly TimeSpan UiBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AccountsLogInAfterAWrongPasswordJoinAndGetTurnCredentialsFromTheServer()
    {
        var (adaUser, adaPassword) = EjabberdAccountsWebStackFixture.Accounts[0];
        var (bobUser, bobPassword) = EjabberdAccountsWebStackFixture.Accounts[1];
        var adaPage = await chromium.NewPageAsync();
        await WebParticipant.SubmitJoinPageAsync(adaPage, stack.PageUrl, "accounts", "Ada");

        // No ANONYMOUS offered: the login form comes up, found by its labels.
        await adaPage.Locator("#login-message", new() { HasText = "does not let guests in" }).WaitForAsync(new() { Timeout = (float)UiBound.TotalMilliseconds });
        await adaPage.GetByLabel("User name").FillAsync(adaUser);
        await adaPage.GetByLabel("Password").FillAsync("not-" + adaPassword);
        await adaPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await adaPage.Locator("#login-message", new() { HasText = "Wrong user name or password" }).WaitForAsync(new() { Timeout = (float)UiBound.TotalMilliseconds });
        Assert.True(await adaPage.IsVisibleAsync("#login-page"), "the form comes back after a wrong password");
        await adaPage.GetByLabel("Password").FillAsync(adaPassword);
        await adaPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var ada = await WebParticipant.InMeetingAsync(adaPage, "Ada");

        var bob = await LogInAsync(await chromium.NewPageAsync(), "accounts", "Bob", bobUser, bobPassword);

        WebParticipant[] people = [ada, bob];
        await WebCalls.AssertMediaFlowsAsync(people, p => people.Where(o => o != p).SelectMany(o => new[] { o.EndpointId + "-v0", o.EndpointId + "-a0" }));
        await WebCalls.Screenshot(ada, "ejabberd-accounts");

        // The peer connections were created with the STUN and TURN services the server announced (XEP-0215), the
        // TURN ones with time-limited credentials: username "<expiry>[:…]", password base64(HMAC-SHA1(secret, username)).
        foreach (var p in people)
        {
            var servers = (await p.Page.EvaluateAsync<JsonElement>("() => window.jitsiNet.iceServers()")).EnumerateArray()
                .Select(s => (Urls: string.Join(' ', s.GetProperty("urls").ValueKind == JsonValueKind.Array ? s.GetProperty("urls").EnumerateArray().Select(u => u.GetString()) : [s.GetProperty("urls").GetString()]),
                    Username: s.TryGetProperty("username", out var u) ? u.GetString() : null,
                    Credential: s.TryGetProperty("credential", out var c) ? c.GetString() : null))
                .ToList();
            Assert.Contains(servers, s => s.Urls == $"stun:127.0.0.1:{stack.TurnPort}");
            foreach (var transport in new[] { "udp", "tcp" })
            {
                var turn = Assert.Single(servers, s => s.Urls == $"turn:127.0.0.1:{stack.TurnPort}?transport={transport}");
                Assert.NotNull(turn.Username);
                var expiry = long.Parse(turn.Username!.Split(':')[0], CultureInfo.InvariantCulture);
                Assert.True(DateTimeOffset.FromUnixTimeSeconds(expiry) > DateTimeOffset.UtcNow, $"the credentials expire in the future: {turn.Username}");
                var expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(stack.TurnSecret), Encoding.UTF8.GetBytes(turn.Username)));
                Assert.Equal(expected, turn.Credential);
            }
        }
        await WebCalls.LeaveAllAsync(people);
    }

    [Fact]
    public async Task PagesLimitedToRelayedMediaGetItThroughTheTurnServerWithTheXmppServersCredentials()
    {
        var people = new List<WebParticipant>();
        foreach (var ((user, password), name) in EjabberdAccountsWebStackFixture.Accounts.Zip(["Ada", "Bob"]))
        {
            var page = await chromium.NewPageAsync();
            // The deployment's config.js plus iceTransportPolicy 'relay': no host candidates, only TURN relays.
            await page.RouteAsync("**/config.js", async route =>
            {
                var response = await route.FetchAsync();
                await route.FulfillAsync(new() { Response = response, Body = await response.TextAsync() + "window.jitsiNetConfig.iceTransportPolicy = 'relay';\n" });
            });
            people.Add(await LogInAsync(page, "relayed", name, user, password));
        }

        await WebCalls.AssertMediaFlowsAsync(people, p => people.Where(o => o != p).SelectMany(o => new[] { o.EndpointId + "-v0", o.EndpointId + "-a0" }));
        foreach (var p in people)
        {
            Assert.Equal("relay", await p.Page.EvaluateAsync<string?>("() => window.jitsiNet.candidateType()"));
        }
        // coturn allocated the relays for users it authenticated with the credentials ejabberd handed out.
        var username = (await people[0].Page.EvaluateAsync<JsonElement>("() => window.jitsiNet.iceServers().find(s => String(s.urls).startsWith('turn:'))")).GetProperty("username").GetString()!;
        Assert.Contains(stack.Turn.Allocations, line => line.Contains(username, StringComparison.Ordinal) && line.Contains("success", StringComparison.OrdinalIgnoreCase));
        await WebCalls.LeaveAllAsync(people);
    }

    [Fact]
    public async Task WithAnAnonymousDomainAnAccountAndAGuestJoinTheSameCall()
    {
        var (user, password) = EjabberdAccountsWebStackFixture.Accounts[0];
        var pages = new List<IPage>();
        foreach (var name in new[] { "Ada", "Cy" })
        {
            var page = await chromium.NewPageAsync();
            await page.RouteAsync("**/config.js", async route =>
            {
                var response = await route.FetchAsync();
                await route.FulfillAsync(new() { Response = response, Body = await response.TextAsync() + $"window.jitsiNetConfig.anonymousDomain = '{EjabberdAccountsWebStackFixture.GuestDomain}';\n" });
            });
            await WebParticipant.SubmitJoinPageAsync(page, stack.PageUrl, "mixed", name);
            // The form offers both: sign in, or join as a guest.
            await page.Locator("#login-message", new() { HasText = "or join as a guest" }).WaitForAsync(new() { Timeout = (float)UiBound.TotalMilliseconds });
            pages.Add(page);
        }

        await pages[0].GetByLabel("User name").FillAsync(user);
        await pages[0].GetByLabel("Password").FillAsync(password);
        await pages[0].GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var ada = await WebParticipant.InMeetingAsync(pages[0], "Ada");
        await pages[1].GetByRole(AriaRole.Button, new() { Name = "Join as a guest" }).ClickAsync();
        var cy = await WebParticipant.InMeetingAsync(pages[1], "Cy");

        Assert.StartsWith($"{user}@meet.localhost/", await ada.Page.EvaluateAsync<string>("() => window.jitsiNet.jid()"), StringComparison.Ordinal);
        Assert.Contains($"@{EjabberdAccountsWebStackFixture.GuestDomain}/", await cy.Page.EvaluateAsync<string>("() => window.jitsiNet.jid()"), StringComparison.Ordinal);
        WebParticipant[] people = [ada, cy];
        await WebCalls.AssertMediaFlowsAsync(people, p => people.Where(o => o != p).Select(o => o.EndpointId + "-v0"));
        await WebCalls.LeaveAllAsync(people);
    }

    /// <summary>Joins through the join page and the login form, which the server's refusal of guests brings up.</summary>
    private async Task<WebParticipant> LogInAsync(IPage page, string room, string name, string user, string password)
    {
        await WebParticipant.SubmitJoinPageAsync(page, stack.PageUrl, room, name);
        await page.GetByLabel("User name").FillAsync(user);
        await page.GetByLabel("Password").FillAsync(password);
        await page.Keyboard.PressAsync("Enter");
        return await WebParticipant.InMeetingAsync(page, name);
    }
}
