using System.Net.Http.Json;
using System.Runtime.Versioning;
using System.Text.Json;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Interop.Tests.Focus;

/// <summary>
/// The focus process running Jingle sessions through a real Prosody (PROTOCOL.md §2, §3, §5.4): scripted
/// participants on anonymous logins and scripted bridges in the brewery.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class JingleSessionTests(FocusOnlyStackFixture stack) : IClassFixture<FocusOnlyStackFixture>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    private Jid NewRoom() => Jid.Parse($"jingle{Guid.NewGuid():N}@conference.{stack.Domain}");

    private Task<ScriptedParticipant> JoinAsync(Jid room, string nick) => ScriptedParticipant.JoinAsync(stack, room, nick);

    private static string Accept(string sid, string nick, uint ssrc) => JingleSources.SessionAccept(sid, nick, ssrc);

    private static EndpointSourceSet Sources(XElement jingle)
    {
        Assert.True(jingle.TryGetSources(out var sources));
        return sources;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!await condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    /// <summary>A scripted bridge (stress 0) and two participants in a new room, each with its offer.</summary>
    private async Task<Call> CallAsync(string alice, string bob)
    {
        var bridge = await ScriptedBridge.StartAsync(stack, "0.0");
        var room = NewRoom();
        var a = await JoinAsync(room, alice);
        var b = await JoinAsync(room, bob);
        return new Call(bridge, room, a, b, await a.NextJingleAsync("session-initiate"), await b.NextJingleAsync("session-initiate"));
    }

    private sealed record Call(ScriptedBridge Bridge, Jid Room, ScriptedParticipant Alice, ScriptedParticipant Bob, XElement AliceOffer, XElement BobOffer)
        : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Alice.DisposeAsync();
            await Bob.DisposeAsync();
            await Bridge.DisposeAsync();
        }
    }

    [Fact]
    public async Task ThreeParticipantsGetSessionsAndSourcesFlowToTheOthers()
    {
        await using var call = await CallAsync("a1a1a1a1", "b2b2b2b2");
        var (bridge, room, alice, bob, aliceOffer, bobOffer) = call;
        Assert.NotEqual((string?)aliceOffer.Attribute("sid"), (string?)bobOffer.Attribute("sid"));
        var jingle = new JingleElement(aliceOffer);
        Assert.Equal(["audio", "video"], jingle.Contents.Select(c => c.Name));
        Assert.Equal(bridge.Id + "u", jingle.Content("audio")!.Transport!.Ufrag);
        Assert.Equal("actpass", jingle.Content("video")!.Transport!.Fingerprint!.Setup);
        Assert.Equal("test-region", jingle.BridgeSession?.Region);
        // Both clients read JSON sources; the bridge's feedback sources are there.
        Assert.Contains("jvb", Sources(aliceOffer).Owners);
        var create = bridge.Requests.First();
        Assert.True(create.Create);
        Assert.True(Guid.TryParse(create.MeetingId, out _));
        Assert.All(bridge.Requests, r => Assert.Single(r.Endpoints));

        // A source-add waits until its receiver has accepted (§2.3), so bob accepts first.
        Assert.Equal(IqType.Result, (await bob.SendJingleAsync(Accept((string)bobOffer.Attribute("sid")!, bob.Nick, 5017))).Type);
        var reply = await alice.SendJingleAsync(Accept((string)aliceOffer.Attribute("sid")!, alice.Nick, 4017));
        Assert.Equal(IqType.Result, reply.Type);
        Assert.Equal(4017u, Sources(await bob.NextJingleAsync("source-add")).Sources.Single().Ssrcs[0]);
        Assert.Equal(5017u, Sources(await alice.NextJingleAsync("source-add")).Sources.Single().Ssrcs[0]);
        await WaitUntilAsync(() => bridge.Endpoints.Any(e => e.Id == alice.Nick && e.Sources is not null && e.Transport?.IceUdp?.Ufrag == "u" + alice.Nick));

        await using var carol = await JoinAsync(room, "c3c3c3c3");
        var carolOffer = await carol.NextJingleAsync("session-initiate");
        Assert.Contains(Sources(carolOffer).Sources, s => s.Owner == alice.Nick && s.Ssrcs.Contains(4017u));
        Assert.Equal(3, bridge.Endpoints.Count(e => e.Create));
    }

    [Fact]
    public async Task MuteLeaveAndRestart()
    {
        await using var call = await CallAsync("d4d4d4d4", "e5e5e5e5");
        var (bridge, room, alice, bob, offer, _) = call;

        // Unmuting is a SourceInfo presence change the focus reads (§1.5).
        await alice.SetAudioMutedAsync(false);
        using var http = new HttpClient();
        await WaitUntilAsync(async () => (await ConferenceStatsAsync(http, room))?.GetProperty("audio_senders").GetInt32() == 1);
        Assert.Equal(2, (await ConferenceStatsAsync(http, room))?.GetProperty("sessions").GetInt32());
        var metrics = await http.GetStringAsync($"http://127.0.0.1:{stack.Options.FocusHttpPort}/metrics");
        Assert.Contains("jitsinet_focus_jingle_sessions ", metrics, StringComparison.Ordinal);
        Assert.Contains("jitsinet_focus_colibri2_failures ", metrics, StringComparison.Ordinal);

        // Restart: a new session-initiate with a new sid.
        var sid = (string)offer.Attribute("sid")!;
        var bridgeSession = new JingleElement(offer).BridgeSession!.Id;
        var reply = await alice.SendJingleAsync($"""
            <jingle xmlns="urn:xmpp:jingle:1" action="session-terminate" sid="{sid}">
              <reason><connectivity-error/><text>ICE FAILED</text></reason>
              <bridge-session xmlns="http://jitsi.org/protocol/focus" id="{bridgeSession}" restart="true"/>
            </jingle>
            """);
        Assert.Equal(IqType.Result, reply.Type);
        var again = await alice.NextJingleAsync("session-initiate");
        Assert.NotEqual(sid, (string?)again.Attribute("sid"));
        Assert.NotEqual(bridgeSession, new JingleElement(again).BridgeSession!.Id);

        // Leaving expires the endpoint on the bridge.
        await bob.LeaveAsync();
        await WaitUntilAsync(() => bridge.Endpoints.Any(e => e.Id == bob.Nick && e.Expire));
    }

    [Fact]
    public async Task WhenTheBridgeLeavesTheParticipantsMoveToAnother()
    {
        await using var second = await ScriptedBridge.StartAsync(stack, "0.5");
        await using var call = await CallAsync("f6f6f6f6", "a7a7a7a7");
        var (first, _, alice, bob, offer, _) = call;
        Assert.Equal(first.Id + "u", new JingleElement(offer).Content("audio")!.Transport!.Ufrag);

        await first.LeaveBreweryAsync();
        var terminate = await alice.NextJingleAsync("session-terminate");
        Assert.Equal("moving", new JingleElement(terminate).Reason?.Text);
        var moved = await alice.NextJingleAsync("session-initiate");
        Assert.Equal(second.Id + "u", new JingleElement(moved).Content("audio")!.Transport!.Ufrag);
        await bob.NextJingleAsync("session-initiate");
        Assert.Contains(second.Requests, r => r.Create);
    }

    private async Task<JsonElement?> ConferenceStatsAsync(HttpClient http, Jid room)
    {
        var stats = await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{stack.Options.FocusHttpPort}/stats");
        foreach (var conference in stats.GetProperty("conferences").EnumerateArray())
        {
            if (conference.GetProperty("room").GetString() == room.ToString())
            {
                return conference;
            }
        }
        return null;
    }
}
