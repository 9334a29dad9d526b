using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Colibri;
using Jitsi.Net.XmppComponent.Stanzas;
using static Jitsi.Net.XmppComponent.Tests.Extensions.SampleElements;

namespace Jitsi.Net.XmppComponent.Tests.Extensions.Colibri;

/// <summary>PROTOCOL.md §5.1: the bridge's brewery presence.</summary>
public sealed class StatsElementTests
{
    private static readonly XElement Sample = ProtocolSample.Load("brewery-presence");

    [Fact]
    public void ParsesTheStats()
    {
        var stats = new StatsElement(Sample.Element(StatsElement.ElementName)!);
        var map = stats.ToDictionary();
        Assert.Equal(12, map.Count);
        Assert.Equal(0.13, stats.Number(StatsElement.StressLevel));
        Assert.Equal(0.01, stats.Number(StatsElement.AverageParticipantStress));
        Assert.Equal(("eu-west", "jvb-7f1e", "2.3.210-gabcdef", "123"),
            (stats[StatsElement.Region], stats[StatsElement.RelayId], stats[StatsElement.Version], stats[StatsElement.Release]));
        Assert.Equal((false, false, false, true),
            (stats.Flag(StatsElement.GracefulShutdown), stats.Flag(StatsElement.ShuttingDown), stats.Flag(StatsElement.Drain), stats.Flag(StatsElement.Healthy)));
        Assert.Equal("17", map["participants"]);
        Assert.Null(stats["missing"]);
        Assert.Null(stats.Number(StatsElement.Region));
    }

    [Fact]
    public void BuildsThePresenceFromADictionary()
    {
        var stats = new StatsElement(Sample.Element(StatsElement.ElementName)!).ToDictionary();
        var presence = new Presence(Jid.Parse(Brewery));
        presence.Element.Add(new StatsElement(stats).Element);
        ProtocolSample.AssertSameXml(Sample, presence.Element);
    }

    [Fact]
    public void ToleratesBrokenStats()
    {
        var stats = new StatsElement(XElement.Parse(
            "<stats xmlns='http://jitsi.org/protocol/colibri'><stat value='1'/><stat name='stress_level' value='high'/><stat name='drain'/><stat name='drain' value='true'/></stats>"));
        Assert.Null(stats.Number(StatsElement.StressLevel));
        Assert.True(stats.Flag(StatsElement.Drain));
        Assert.Equal(2, stats.ToDictionary().Count);
    }

    [Fact]
    public void HealthCheckNamesTheFeature()
    {
        Assert.Equal("http://jitsi.org/protocol/healthcheck", HealthCheck.Feature);
        Assert.Equal(HealthCheck.ElementName, HealthCheck.Create().Name);
    }
}
