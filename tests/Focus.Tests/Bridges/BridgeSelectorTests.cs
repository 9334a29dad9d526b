using System.Xml.Linq;
using Jitsi.Net.Focus;
using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Focus.Tests.Bridges;

public sealed class BridgeSelectorTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-11-24T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly BridgeRegistry _registry = new(new FocusXmppSettings(), NullLogger<BridgeRegistry>.Instance);

    private Bridge Add(string id, string stress, string? region = null, string drain = "false", string graceful = "false", string shutting = "false", string account = "jvb@auth.meet.localhost")
    {
        var stats = $"<stats xmlns='http://jitsi.org/protocol/colibri'><stat name='stress_level' value='{stress}'/><stat name='drain' value='{drain}'/>" +
            $"<stat name='graceful_shutdown' value='{graceful}'/><stat name='shutting_down' value='{shutting}'/>" +
            (region is null ? "" : $"<stat name='region' value='{region}'/>") + "</stats>";
        var occupant = new MucOccupant(Jid.Parse("jvbbrewery@internal.auth.meet.localhost/" + id), Jid.Parse($"{account}/{id}"), "owner", "moderator",
            new Presence(XElement.Parse($"<presence xmlns='jabber:client'>{stats}</presence>")));
        _registry.Update(occupant);
        return _registry.Find(id)!;
    }

    private BridgeSelector Selector => new(_registry, _time);

    [Fact]
    public void LeastStressedOperationalBridgeWins()
    {
        Add("a", "0.5");
        var b = Add("b", "0.1");
        Add("c", "0.3");
        Assert.Same(b, Selector.Select(null));
    }

    [Fact]
    public void ShuttingDownIsExcludedAndDrainingOrGracefulOnlyPreferredAgainst()
    {
        Add("a", "0.0", shutting: "true");
        var draining = Add("b", "0.1", drain: "true");
        var graceful = Add("c", "0.2", graceful: "true");
        var normal = Add("d", "0.7");
        Assert.Same(normal, Selector.Select(null));
        normal.MarkFailed(_time.GetUtcNow());
        // Soft filters: when only draining or graceful bridges are left, they are still used.
        Assert.Same(graceful, Selector.Select(null));
        graceful.MarkFailed(_time.GetUtcNow());
        Assert.Same(draining, Selector.Select(null));
    }

    [Fact]
    public void RegionIsPreferredWhenAvailable()
    {
        Add("a", "0.1", region: "us-east");
        var eu = Add("b", "0.5", region: "eu-west");
        Assert.Same(eu, Selector.Select("eu-west"));
        Assert.Equal("a", Selector.Select("ap-south")!.Id);
    }

    [Fact]
    public void ConferenceKeepsItsBridgeUntilItFailsAndFailureExpiresAfterAMinute()
    {
        var a = Add("a", "0.9");
        var b = Add("b", "0.1");
        Assert.Same(a, Selector.Select(null, current: a));
        a.MarkFailed(_time.GetUtcNow());
        Assert.Same(b, Selector.Select(null, current: a));
        b.MarkFailed(_time.GetUtcNow());
        Assert.Null(Selector.Select(null));
        _time.Advance(TimeSpan.FromSeconds(61));
        Assert.Same(b, Selector.Select(null));
    }

    [Fact]
    public void OccupantsWithAnotherRealJidAreNotBridges()
    {
        Add("mallory", "0.0", account: "mallory@auth.meet.localhost");
        Assert.Null(_registry.Find("mallory"));
        Assert.Null(Selector.Select(null));
    }

    [Fact]
    public void UnknownStatsCountAsDraining()
    {
        var occupant = new MucOccupant(Jid.Parse("jvbbrewery@internal.auth.meet.localhost/x"), Jid.Parse("jvb@auth.meet.localhost/x"), "owner", "moderator",
            new Presence(XElement.Parse("<presence xmlns='jabber:client'/>")));
        _registry.Update(occupant);
        Assert.True(_registry.Find("x")!.Drain);
        var known = Add("y", "0.9");
        Assert.Same(known, Selector.Select(null));
    }

    [Fact]
    public void StaticBridgesAreUsedWhenTheBreweryHasNoneAndYieldToDiscoveredOnes()
    {
        var configured = _registry.AddStatic(Jid.Parse("jvb@auth.meet.localhost/static1"));
        Assert.True(configured.IsStatic);
        Assert.Same(configured, Selector.Select(null));
        var discovered = Add("b", "0.5");
        // A static bridge has no stats, so it counts as draining: a discovered one wins.
        Assert.Same(discovered, Selector.Select(null));
        discovered.MarkFailed(_time.GetUtcNow());
        Assert.Same(configured, Selector.Select(null));
    }
}
