using System.Runtime.Versioning;
using Jitsi.Net.Interop.Tests.Browser;

namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>Steps the web end-to-end tests share: join pages to a room, wait for media, screenshots, leave.</summary>
[SupportedOSPlatform("linux")]
internal static class WebCalls
{
    private static readonly TimeSpan MediaBound = TimeSpan.FromSeconds(45);

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
}
