using System.Runtime.Versioning;
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
