using System.Runtime.Versioning;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Interop.Tests.Focus;

/// <summary>
/// PROTOCOL.md §8 item 10: with no usable bridge the conference request is still answered <c>ready="true"</c> and the
/// focus's room presence carries <c>&lt;bridgeNotAvailable/&gt;</c> (clients show "bridge down"); when a bridge joins
/// the brewery the element goes away and the waiting participants get their sessions.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class BridgeAvailabilityTests(FocusOnlyStackFixture stack) : IClassFixture<FocusOnlyStackFixture>
{
    private static readonly XName BridgeNotAvailable = XName.Get("bridgeNotAvailable", "http://jitsi.org/protocol/focus");

    [Fact]
    public async Task BridgeNotAvailableUntilABridgeJoinsThenSessionsStart()
    {
        var room = Jid.Parse($"nobridge{Guid.NewGuid():N}@conference.{stack.Domain}");
        await using var alice = await ScriptedParticipant.JoinAsync(stack, room, "a9a9a9a9");
        await using var bob = await ScriptedParticipant.JoinAsync(stack, room, "b9b9b9b9");
        MucOccupant Focus() => alice.Room.Occupants["focus"];
        await WaitUntilAsync(() => alice.Room.Occupants.ContainsKey("focus") && Focus().Extension(BridgeNotAvailable) is not null);

        await using var bridge = await ScriptedBridge.StartAsync(stack, "0.1");
        await WaitUntilAsync(() => Focus().Extension(BridgeNotAvailable) is null);
        Assert.Equal("session-initiate", (string?)(await alice.NextJingleAsync("session-initiate")).Attribute("action"));
        Assert.NotNull(await bob.NextJingleAsync("session-initiate"));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(50, timeout.Token);
        }
    }
}
