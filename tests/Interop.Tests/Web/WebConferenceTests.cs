using System.Runtime.Versioning;
using Jitsi.Net.Interop.Tests.Browser;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>
/// People join one room through the web page the run command serves, on the real Prosody, Focus and Videobridge
/// processes, in headless Chromium with fake camera and microphone: they see and hear each other, see mute
/// indicators and screen shares, chat, a participant who leaves is dropped by the pages and by the bridge, and a page
/// whose XMPP connection drops reconnects and gets media again.
/// </summary>
[Collection(ChromiumFixture.Collection)]
[SupportedOSPlatform("linux")]
public sealed class WebConferenceTests(ChromiumFixture chromium, WebStackFixture stack, ITestOutputHelper output) : IClassFixture<WebStackFixture>
{
    private static readonly TimeSpan UiBound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task TwoPagesJoinThroughThePageAndSeeAndHearEachOther()
    {
        var people = await JoinAsync("duo", "Ada", "Bob");

        await WebCalls.AssertMediaFlowsAsync(people, p => people.Where(o => o != p).SelectMany(o => new[] { o.EndpointId + "-v0", o.EndpointId + "-a0" }));
        await WebCalls.Screenshot(people[0], "two-pages");
        await WebCalls.LeaveAllAsync(people);
    }

    [Fact]
    public async Task ThreePagesSeeHearMuteShareChatAndLeave()
    {
        var people = await JoinAsync("trio", "Ada", "Bob", "Cy");
        var (ada, bob, cy) = (people[0], people[1], people[2]);

        await WebCalls.AssertMediaFlowsAsync(people, p => people.Where(o => o != p).SelectMany(o => new[] { o.EndpointId + "-v0", o.EndpointId + "-a0" }));
        await WebCalls.Screenshot(ada, "three-pages-grid");

        // Cy turns the camera off: the others show the indicator on Cy's tile (from Cy's SourceInfo presence).
        await cy.ClickAsync("#toggle-video");
        Assert.Equal("true", await cy.Page.GetAttributeAsync("#toggle-video", "aria-pressed"));
        foreach (var p in new[] { ada, bob })
        {
            await p.Tile(cy.EndpointId).Locator(".indicator.video-muted").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = (float)UiBound.TotalMilliseconds });
        }
        await WebCalls.Screenshot(ada, "three-pages-muted");

        // Ada shares a screen: a second video source <ep>-v1 that the others decode.
        await ShareScreenAsync(ada);
        var screen = ada.EndpointId + "-v1";
        await WebCalls.AssertMediaFlowsAsync([bob, cy], _ => [screen]);
        await bob.Tile(screen).WaitForAsync(new() { Timeout = (float)UiBound.TotalMilliseconds });
        await WebCalls.Screenshot(bob, "three-pages-screen-share");

        // A chat message reaches everybody, with the sender's display name.
        await bob.SendChatAsync("hello from Bob");
        foreach (var p in people)
        {
            await p.Page.Locator("#chat-log li", new() { HasText = "Bob: hello from Bob" }).WaitForAsync(new() { Timeout = (float)UiBound.TotalMilliseconds });
        }

        // Cy leaves: the pages drop Cy's tile and the bridge expires Cy's endpoint.
        await cy.ClickAsync("#leave");
        foreach (var p in new[] { ada, bob })
        {
            await p.Tile(cy.EndpointId).WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = (float)UiBound.TotalMilliseconds });
        }
        await Eventually.HoldsAsync(
            async () => !(await stack.BridgeEndpointsAsync()).Contains(cy.EndpointId),
            UiBound,
            async () => $"the bridge still holds {cy.EndpointId}: {string.Join(", ", await stack.BridgeEndpointsAsync())}");
        Assert.Contains(ada.EndpointId, await stack.BridgeEndpointsAsync());
        await WebCalls.Screenshot(ada, "after-leave");
        await cy.Page.Context.CloseAsync();
        await WebCalls.LeaveAllAsync([ada, bob]);
    }

    [Fact]
    public async Task StageViewQualityAndMuteWorkFromTheKeyboard()
    {
        var people = await JoinAsync("stage", "Ada", "Bob");
        var (ada, bob) = (people[0], people[1]);
        await WebCalls.AssertMediaFlowsAsync(people, p => people.Where(o => o != p).Select(o => o.EndpointId + "-v0"));

        // Space on the focused stage button: the other participant goes on stage, never ourselves.
        await ada.Page.FocusAsync("#toggle-stage");
        await ada.Page.Keyboard.PressAsync("Space");
        Assert.Equal("true", await ada.Page.GetAttributeAsync("#toggle-stage", "aria-pressed"));
        await ada.Page.Locator("#tiles[data-layout='stage'] figure.on-stage").WaitForAsync(new() { Timeout = (float)UiBound.TotalMilliseconds });
        Assert.Equal(bob.EndpointId, await ada.Page.GetAttributeAsync("figure.on-stage", "data-owner"));

        // The quality indicator of the other participant leaves "unknown" once two getStats samples exist.
        await ada.Tile(bob.EndpointId).Locator(".indicator.quality:not([data-quality='unknown'])").WaitForAsync(new() { Timeout = (float)UiBound.TotalMilliseconds });

        // Enter on the focused microphone button mutes; the label says what the next press does.
        await bob.Page.FocusAsync("#toggle-audio");
        await bob.Page.Keyboard.PressAsync("Enter");
        Assert.Equal("true", await bob.Page.GetAttributeAsync("#toggle-audio", "aria-pressed"));
        Assert.Equal("Unmute microphone", await bob.Page.GetAttributeAsync("#toggle-audio", "aria-label"));
        await ada.Tile(bob.EndpointId).Locator(".indicator.audio-muted").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = (float)UiBound.TotalMilliseconds });

        // The stage speaker still decodes after the constraints changed.
        await WebCalls.AssertMediaFlowsAsync([ada], _ => [bob.EndpointId + "-v0"]);
        await WebCalls.Screenshot(ada, "stage-view");
        await WebCalls.LeaveAllAsync(people);
    }

    [Fact]
    public Task APageWhoseXmppConnectionDropsReconnectsRejoinsAndGetsMediaAgain() =>
        WebCalls.ReconnectAfterTheXmppConnectionIsCutAsync(chromium, stack.PageUrl, "redial");

    [Fact]
    public async Task JoinPageListsDevicesAndSaysWhenTheXmppServerIsUnreachable()
    {
        var page = await chromium.NewPageAsync();
        var deadPort = Stack.FreePorts.Allocate(1)[0];
        await page.RouteAsync("**/config.js", route => route.FulfillAsync(new()
        {
            ContentType = "text/javascript",
            Body = $"window.jitsiNetConfig = {{ service: 'ws://127.0.0.1:{deadPort}/xmpp-websocket', domain: 'meet.localhost', muc: 'conference.meet.localhost', focus: 'focus.meet.localhost' }};",
        }));
        await page.GotoAsync(stack.PageUrl);
        // The preview runs and the device lists are filled once permission is granted.
        await page.Locator("#camera option").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = (float)UiBound.TotalMilliseconds });
        await page.Locator("#microphone option").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = (float)UiBound.TotalMilliseconds });
        await page.FillAsync("#room", "nowhere");
        await page.FillAsync("#name", "Ada");
        await page.ClickAsync("#join-button");

        await page.Locator("#alert", new() { HasText = "XMPP server is unreachable" }).WaitForAsync(new() { Timeout = (float)UiBound.TotalMilliseconds });
        Assert.False(await page.IsDisabledAsync("#join-button"), "the join page stays usable for another try");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Presses the share button; Chromium's fake UI picks a screen. Headless Chromium may have no screen to capture:
    /// then the test shares a canvas track through <c>window.jitsiNet.shareTrack</c> (test-only), which takes the
    /// same path (source-add of <c>&lt;ep&gt;-v1</c>, videoType desktop).
    /// </summary>
    private Task<WebParticipant[]> JoinAsync(string room, params string[] names) => WebCalls.JoinAsync(chromium, stack.PageUrl, room, names);

    private async Task ShareScreenAsync(WebParticipant sharer)
    {
        await sharer.ClickAsync("#toggle-screen");
        try
        {
            await sharer.Page.Locator("#toggle-screen[aria-pressed='true']").WaitForAsync(new() { Timeout = 5_000 });
            output.WriteLine("screen share: getDisplayMedia");
            return;
        }
        catch (TimeoutException)
        {
            output.WriteLine("screen share: no display to capture; sharing a canvas track instead: " + await sharer.Page.TextContentAsync("#alert"));
        }
        await sharer.Page.EvaluateAsync("""
            async () => {
              const canvas = Object.assign(document.createElement('canvas'), { width: 320, height: 180 });
              const ctx = canvas.getContext('2d');
              let n = 0;
              setInterval(() => { ctx.fillStyle = `hsl(${(n += 7) % 360} 60% 50%)`; ctx.fillRect(0, 0, 320, 180); }, 66);
              await window.jitsiNet.shareTrack(canvas.captureStream(15).getVideoTracks()[0]);
            }
            """);
        await sharer.Page.Locator("#toggle-screen[aria-pressed='true']").WaitForAsync(new() { Timeout = (float)UiBound.TotalMilliseconds });
    }
}
