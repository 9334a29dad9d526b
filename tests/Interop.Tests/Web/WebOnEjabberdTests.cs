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
/// hear each other. The server announces no STUN/TURN, so the pages carry on without ICE servers.
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

        var bobPage = await chromium.NewPageAsync();
        await WebParticipant.SubmitJoinPageAsync(bobPage, stack.PageUrl, "accounts", "Bob");
        await bobPage.GetByLabel("User name").FillAsync(bobUser);
        await bobPage.GetByLabel("Password").FillAsync(bobPassword);
        await bobPage.Keyboard.PressAsync("Enter");
        var bob = await WebParticipant.InMeetingAsync(bobPage, "Bob");

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
}
