using System.Text.Json;
using Microsoft.Playwright;

namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>
/// One person in a Chromium page of the web client: joins through the join page, uses the controls, and reads
/// what the page receives from <c>window.jitsiNet</c> (per remote source: frames decoded, audio energy).
/// </summary>
internal sealed class WebParticipant(IPage page, string name)
{
    public IPage Page { get; } = page;

    public string Name { get; } = name;

    public string EndpointId { get; private set; } = "";

    public static async Task<WebParticipant> JoinAsync(IPage page, string url, string room, string name)
    {
        await SubmitJoinPageAsync(page, url, room, name);
        return await InMeetingAsync(page, name);
    }

    /// <summary>Fills in the join page and presses Join; a login form may come next.</summary>
    public static async Task SubmitJoinPageAsync(IPage page, string url, string room, string name)
    {
        await page.GotoAsync(url);
        await page.FillAsync("#room", room);
        await page.FillAsync("#name", name);
        // The meeting sends the preview's stream: join once the camera runs.
        await page.WaitForFunctionAsync("() => document.getElementById('preview').srcObject !== null");
        await page.FocusAsync("#join-button");
        await page.Keyboard.PressAsync("Enter");
    }

    /// <summary>Waits until the page is in the meeting.</summary>
    public static async Task<WebParticipant> InMeetingAsync(IPage page, string name)
    {
        await page.WaitForFunctionAsync("() => window.jitsiNet !== undefined");
        return new WebParticipant(page, name) { EndpointId = await page.EvaluateAsync<string>("() => window.jitsiNet.endpointId") };
    }

    /// <summary>Remote sources by name: frames decoded and total audio energy so far.</summary>
    public async Task<IReadOnlyDictionary<string, (long Frames, double Energy)>> ReceivedAsync()
    {
        var tracks = await Page.EvaluateAsync<JsonElement>("async () => window.jitsiNet ? await window.jitsiNet.stats() : []");
        var received = new Dictionary<string, (long, double)>();
        foreach (var t in tracks.EnumerateArray())
        {
            received[t.GetProperty("source").GetString()!] = (t.GetProperty("framesDecoded").GetInt64(), t.GetProperty("totalAudioEnergy").GetDouble());
        }
        return received;
    }

    /// <summary>The remote sources whose &lt;audio&gt; element is playing.</summary>
    public async Task<IReadOnlyList<string>> PlayingAudioAsync()
    {
        var audio = await Page.EvaluateAsync<JsonElement>("() => window.jitsiNet ? window.jitsiNet.audio() : []");
        return [.. audio.EnumerateArray().Where(a => a.GetProperty("playing").GetBoolean()).Select(a => a.GetProperty("source").GetString()!)];
    }

    /// <summary>The tile of another participant (keyed by its endpoint id, or a source name for a screen share).</summary>
    public ILocator Tile(string key) => Page.Locator($"#tiles figure[data-key='{key}']");

    public Task ClickAsync(string control) => Page.ClickAsync(control);

    public async Task SendChatAsync(string text)
    {
        await Page.FillAsync("#chat-input", text);
        await Page.PressAsync("#chat-input", "Enter");
    }
}
