using System.Runtime.Versioning;
using Jitsi.Net.Interop.Tests.Browser;
using Microsoft.Playwright;

namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>Steps the web end-to-end tests share: join pages to a room, wait for media, screenshots, leave.</summary>
[SupportedOSPlatform("linux")]
internal static class WebCalls
{
    private static readonly TimeSpan MediaBound = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan UiBound = TimeSpan.FromSeconds(15);

    public static async Task<WebParticipant[]> JoinAsync(ChromiumFixture chromium, string pageUrl, string room, params string[] names)
    {
        var people = new List<WebParticipant>();
        foreach (var name in names)
        {
            people.Add(await WebParticipant.JoinAsync(await chromium.NewPageAsync(), pageUrl, room, name));
        }
        return [.. people];
    }

    public static async Task AssertMediaFlowsAsync(IReadOnlyList<WebParticipant> receivers, Func<WebParticipant, IEnumerable<string>> sources)
    {
        var progress = new MediaProgress(receivers, sources);
        await Eventually.HoldsAsync(progress.FlowingAsync, MediaBound, progress.DescribeAsync);
    }

    public static async Task Screenshot(WebParticipant participant, string name)
    {
        Directory.CreateDirectory(WebStackFixture.ScreenshotDirectory);
        await participant.Page.ScreenshotAsync(new() { Path = Path.Combine(WebStackFixture.ScreenshotDirectory, $"{name}-{participant.Name}.png"), FullPage = true });
    }

    public static async Task LeaveAllAsync(IEnumerable<WebParticipant> people)
    {
        foreach (var p in people)
        {
            await p.ClickAsync("#leave");
            await p.Page.Context.CloseAsync();
        }
    }

    /// <summary>
    /// Ada and Bob are in <paramref name="room"/>; the test cuts Ada's XMPP WebSocket (it goes through the test,
    /// every new one straight to the server). Ada's page says so, connects again, re-joins with the same endpoint id,
    /// and media flows both ways in the new bridge session.
    /// </summary>
    public static async Task ReconnectAfterTheXmppConnectionIsCutAsync(ChromiumFixture chromium, string pageUrl, string room)
    {
        var adaPage = await chromium.NewPageAsync();
        var sockets = new List<IWebSocketRoute>();
        int Opened()
        {
            lock (sockets)
            {
                return sockets.Count;
            }
        }
        await adaPage.RouteWebSocketAsync("**/xmpp-websocket", ws =>
        {
            lock (sockets)
            {
                sockets.Add(ws);
            }
            ws.ConnectToServer();
        });
        var ada = await WebParticipant.JoinAsync(adaPage, pageUrl, room, "Ada");
        var bob = (await JoinAsync(chromium, pageUrl, room, "Bob"))[0];
        WebParticipant[] people = [ada, bob];
        await AssertMediaFlowsAsync(people, p => people.Where(o => o != p).Select(o => o.EndpointId + "-v0"));

        Assert.Equal(1, Opened());
        await sockets[0].CloseAsync(new() { Code = 4000, Reason = "cut by the test" });

        await adaPage.Locator("#status", new() { HasText = "Reconnect" }).WaitForAsync(new() { Timeout = (float)UiBound.TotalMilliseconds });
        await Eventually.HoldsAsync(
            async () => await adaPage.EvaluateAsync<bool>("() => window.jitsiNet !== undefined && !window.jitsiNet.reconnecting()") && Opened() >= 2,
            UiBound,
            async () => $"sockets {Opened()}; status: {await adaPage.TextContentAsync("#status")}; alert: {await adaPage.TextContentAsync("#alert")}");
        Assert.Equal(ada.EndpointId, await adaPage.EvaluateAsync<string>("() => window.jitsiNet.endpointId"));
        await AssertMediaFlowsAsync(people, p => people.Where(o => o != p).Select(o => o.EndpointId + "-v0"));
        await Screenshot(ada, "after-reconnect-" + room);
        await LeaveAllAsync(people);
    }
}
