using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.XmppComponent.Tests.Extensions.Jingle;

/// <summary>The neutral source model: building from descriptions, filtering by owner, what a stripped receiver sees.</summary>
public sealed class EndpointSourceSetTests
{
    private static SourceDescription Camera(string owner, params uint[] ssrcs) =>
        new(owner, MediaType.Video, owner + "-v0", ssrcs, [], "m " + owner);

    [Fact]
    public void TwoSourcesMayNotShareAnSsrc()
    {
        Assert.False(EndpointSourceSet.TryCreate([Camera("a", 1), Camera("b", 1)], out var set, out var reason));
        Assert.Null(set);
        Assert.Equal("ssrc 1 is signalled by two sources", reason);
    }

    [Fact]
    public void WhereKeepsTheChosenOwnersInOrder()
    {
        Assert.True(EndpointSourceSet.TryCreate([Camera("a", 1), Camera("b", 2), Camera("c", 3)], out var set, out var reason), reason);
        var others = set.Where(owner => owner != "b");
        Assert.Equal(["a", "c"], others.Owners);
        Assert.Equal(2, others.Count);
        Assert.Empty(others["b"]);
        Assert.True(EndpointSourceSet.Empty.IsEmpty);
    }

    [Fact]
    public void ThePrimarySsrcIsTheLowestSimulcastLayer()
    {
        var source = new SourceDescription("a", MediaType.Video, "a-v0", [21, 11, 12, 13], [new SsrcGroup("SIM", [11, 12, 13]), new SsrcGroup("FID", [11, 21])]);
        Assert.Equal(11u, source.PrimarySsrc);
        Assert.Equal(1u, Camera("a", 1, 2).PrimarySsrc);
    }
}
