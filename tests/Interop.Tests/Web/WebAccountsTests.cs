using System.Globalization;
using System.Runtime.Versioning;
using System.Text.Json;
using Jitsi.Net.Interop.Tests.Browser;
using Jitsi.Net.Stack.Turn;
using Microsoft.Playwright;

namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>
/// An XMPP server with accounts only on the main domain (no ANONYMOUS there), guests on a separate anonymous domain
/// and a TURN server announced through XEP-0215 (<see cref="AccountsAndTurn"/>): the page asks for a login, says so
/// when the password is wrong, joins with the account, configures its peer connection with the TURN credentials the
/// server derived from the shared secret, gets media through coturn when limited to relays, and an account and a
/// guest meet in one call. Run on Prosody and on ejabberd by the classes below.
/// </summary>
[SupportedOSPlatform("linux")]
public abstract class WebAccountsTests(ChromiumFixture chromium, IAccountsWebStack stack)
{
    private static readonly TimeSpan UiBound = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AccountsLogInAfterAWrongPasswordJoinAndGetTurnCredentialsFromTheServer()
    {
        var (adaUser, adaPassword) = AccountsAndTurn.Accounts[0];
        var (bobUser, bobPassword) = AccountsAndTurn.Accounts[1];
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
        await WebCalls.Screenshot(ada, "accounts-" + GetType().Name);

        // The peer connections were created with the STUN and TURN services the server announced (XEP-0215), the
        // TURN ones with time-limited credentials: username "<expiry>[:…]", password base64(HMAC-SHA1(secret, username))
        // (TurnCredentials, which the front uses too).
        foreach (var p in people)
        {
            var servers = (await p.Page.EvaluateAsync<JsonElement>("() => window.jitsiNet.iceServers()")).EnumerateArray()
                .Select(s => (Urls: string.Join(' ', s.GetProperty("urls").ValueKind == JsonValueKind.Array ? s.GetProperty("urls").EnumerateArray().Select(u => u.GetString()) : [s.GetProperty("urls").GetString()]),
                    Username: s.TryGetProperty("username", out var u) ? u.GetString() : null,
                    Credential: s.TryGetProperty("credential", out var c) ? c.GetString() : null))
                .ToList();
            Assert.Contains(servers, s => s.Urls == $"stun:127.0.0.1:{stack.Setup.TurnPort}");
            foreach (var transport in new[] { "udp", "tcp" })
            {
                var turn = Assert.Single(servers, s => s.Urls == $"turn:127.0.0.1:{stack.Setup.TurnPort}?transport={transport}");
                Assert.NotNull(turn.Username);
                var expiry = long.Parse(turn.Username!.Split(':')[0], CultureInfo.InvariantCulture);
                Assert.True(DateTimeOffset.FromUnixTimeSeconds(expiry) > DateTimeOffset.UtcNow, $"the credentials expire in the future: {turn.Username}");
                Assert.Equal(TurnCredentials.Password(stack.Setup.Secret, turn.Username), turn.Credential);
            }
        }
        await WebCalls.LeaveAllAsync(people);
    }

    [Fact]
    public async Task PagesLimitedToRelayedMediaGetItThroughTheTurnServerWithTheXmppServersCredentials()
    {
        var people = new List<WebParticipant>();
        foreach (var ((user, password), name) in AccountsAndTurn.Accounts.Zip(["Ada", "Bob"]))
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
        Assert.Contains(stack.Setup.Allocations, line => line.Contains(username, StringComparison.Ordinal) && line.Contains("success", StringComparison.OrdinalIgnoreCase));
        await WebCalls.LeaveAllAsync(people);
    }

    [Fact]
    public async Task WithAnAnonymousDomainAnAccountAndAGuestJoinTheSameCall()
    {
        var (user, password) = AccountsAndTurn.Accounts[0];
        var pages = new List<IPage>();
        foreach (var name in new[] { "Ada", "Cy" })
        {
            var page = await chromium.NewPageAsync();
            await page.RouteAsync("**/config.js", async route =>
            {
                var response = await route.FetchAsync();
                await route.FulfillAsync(new() { Response = response, Body = await response.TextAsync() + $"window.jitsiNetConfig.anonymousDomain = '{AccountsAndTurn.GuestDomain}';\n" });
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
        Assert.Contains($"@{AccountsAndTurn.GuestDomain}/", await cy.Page.EvaluateAsync<string>("() => window.jitsiNet.jid()"), StringComparison.Ordinal);
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

/// <summary>The accounts, guest-domain and TURN scenarios on Prosody (<c>mod_external_services</c>, <c>prosodyctl register</c>).</summary>
[Collection(ChromiumFixture.Collection)]
[SupportedOSPlatform("linux")]
public sealed class WebAccountsOnProsodyTests(ChromiumFixture chromium, ProsodyAccountsWebStackFixture stack)
    : WebAccountsTests(chromium, stack), IClassFixture<ProsodyAccountsWebStackFixture>;

/// <summary>The accounts, guest-domain and TURN scenarios on ejabberd (<c>mod_stun_disco</c>, <c>ejabberdctl register</c>).</summary>
[Collection(ChromiumFixture.Collection)]
[SupportedOSPlatform("linux")]
public sealed class WebAccountsOnEjabberdTests(ChromiumFixture chromium, EjabberdAccountsWebStackFixture stack)
    : WebAccountsTests(chromium, stack), IClassFixture<EjabberdAccountsWebStackFixture>;
