using System.Runtime.Versioning;
using System.Text.Json;
using Jitsi.Net.Interop.Tests.Browser;
using Jitsi.Net.Stack.Commands;
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

/// <summary><c>run --xmpp-server</c>: Prosody (the default) or ejabberd, which the fixtures above start through it.</summary>
public sealed class RunXmppServerOptionTests
{
    [Fact]
    public void RunTakesProsodyOrEjabberdAndRefusesOtherServers()
    {
        var command = RunCommand.Create();
        Assert.Empty(command.Parse(["--xmpp-server", "ejabberd"]).Errors);
        Assert.Empty(command.Parse(["--xmpp-server", "prosody"]).Errors);
        Assert.NotEmpty(command.Parse(["--xmpp-server", "openfire"]).Errors);
        Assert.Null(RunCommand.XmppServerStarter("prosody"));
        Assert.NotNull(RunCommand.XmppServerStarter("ejabberd"));
        Assert.Throws<ArgumentException>(() => RunCommand.XmppServerStarter("openfire"));
    }
}
