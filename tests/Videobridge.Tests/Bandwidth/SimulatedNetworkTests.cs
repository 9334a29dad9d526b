using Jitsi.Net.Videobridge.Tests.Simulation;
using Xunit.Abstractions;

namespace Jitsi.Net.Videobridge.Tests.Bandwidth;

/// <summary>The estimator on a simulated path (virtual time, seeded; <see cref="BandwidthSimulation"/>): a 500 kbps
/// and a 2.5 Mbps bottleneck with 50 ms RTT and 1 % random loss, the sender offering four times the link (the bridge
/// sends what the estimate allows); the link halving; an application-limited sender with and without probing.</summary>
public sealed class SimulatedNetworkTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(500_000, 1)]
    [InlineData(500_000, 2)]
    [InlineData(500_000, 3)]
    [InlineData(2_500_000, 1)]
    [InlineData(2_500_000, 2)]
    [InlineData(2_500_000, 3)]
    public void Estimate_SettlesWithin15PercentOfTheLink_Within10Seconds(long linkBps, int seed)
    {
        using var simulation = new BandwidthSimulation(new SimulationOptions { LinkBps = linkBps, OfferedBps = 4 * linkBps, Seed = seed });

        simulation.Run(TimeSpan.FromSeconds(30));

        Print(simulation);
        var firstInBand = simulation.Samples.First(s => Math.Abs(s.EstimateBps - linkBps) <= 0.15 * linkBps).Seconds;
        var settled = simulation.Samples.Where(s => s.Seconds >= 10).Select(s => (double)s.EstimateBps).ToList();
        var inBand = settled.Count(bps => Math.Abs(bps - linkBps) <= 0.15 * linkBps) / (double)settled.Count;
        output.WriteLine($"first in band {firstInBand:F1} s; 10-30 s: mean {settled.Average() / linkBps:P1}, min {settled.Min() / linkBps:P1}, max {settled.Max() / linkBps:P1} of the link, {inBand:P0} of samples in band");
        Assert.True(firstInBand <= 10, $"first within ±15 % at {firstInBand} s");
        Assert.InRange(settled.Average(), 0.85 * linkBps, 1.15 * linkBps);
        Assert.All(settled, bps => Assert.InRange(bps, 0.8 * linkBps, 1.15 * linkBps));
    }

    [Fact]
    public void Estimate_BacksOffBelowTheNewRate_Within2Seconds_WhenTheLinkHalves()
    {
        using var simulation = new BandwidthSimulation(new SimulationOptions { LinkBps = 2_500_000, OfferedBps = 10_000_000 });
        simulation.Run(TimeSpan.FromSeconds(15));
        Assert.InRange(simulation.Receiver.Bandwidth.EstimateBps, 0.75 * 2_500_000, 1.15 * 2_500_000);

        simulation.Forward.BandwidthBps = 1_250_000;
        simulation.Run(TimeSpan.FromSeconds(5));

        Print(simulation);
        var below = simulation.Samples.First(s => s.Seconds > 15 && s.EstimateBps < 1_250_000).Seconds - 15;
        output.WriteLine($"below 1.25 Mbps {below:F1} s after the change");
        Assert.True(below <= 2, $"took {below} s");
        Assert.All(simulation.Samples.Where(s => s.Seconds >= 18), s => Assert.InRange(s.EstimateBps, 0.6 * 1_250_000, 1.15 * 1_250_000));
    }

    [Fact]
    public void Probing_RaisesAnApplicationLimitedEstimate()
    {
        var options = new SimulationOptions { LinkBps = 2_500_000, OfferedBps = 300_000 };
        using var probed = new BandwidthSimulation(options);
        using var unprobed = new BandwidthSimulation(options);
        unprobed.Receiver.Bandwidth.ProbingEnabled = false;

        probed.Run(TimeSpan.FromSeconds(5));
        unprobed.Run(TimeSpan.FromSeconds(5));

        Print(probed);
        Assert.True(probed.PaddingPackets > 0);
        Assert.Equal(0, unprobed.PaddingPackets);
        Assert.InRange(probed.Receiver.Bandwidth.EstimateBps, 1_800_000, 2_875_000);
        Assert.InRange(unprobed.Receiver.Bandwidth.EstimateBps, 0, 1_100_000);
        Assert.Equal(probed.Receiver.Bandwidth.EstimateBps, probed.Receiver.AvailableBitrateBps);
    }

    [Fact]
    public void Probing_FollowsTheDesiredRate_WhenItIsAboveTheEstimate()
    {
        var options = new SimulationOptions { LinkBps = 1_000_000, OfferedBps = 300_000 };
        using var wanting = new BandwidthSimulation(options);
        using var content = new BandwidthSimulation(options);
        foreach (var simulation in new[] { wanting, content })
        {
            simulation.Run(TimeSpan.FromSeconds(3));
            simulation.Forward.BandwidthBps = 5_000_000;
        }
        var estimate = wanting.Receiver.Bandwidth.EstimateBps;
        Assert.Equal(estimate, content.Receiver.Bandwidth.EstimateBps);
        Assert.InRange(estimate, 850_000, 1_150_000);

        wanting.Receiver.DesiredBitrateBps = 4_000_000;
        wanting.Run(TimeSpan.FromSeconds(1.5));
        content.Run(TimeSpan.FromSeconds(1.5));

        Print(wanting);
        Assert.True(wanting.Receiver.Bandwidth.EstimateBps >= 2 * estimate, $"{wanting.Receiver.Bandwidth.EstimateBps}");
        Assert.Equal(estimate, content.Receiver.Bandwidth.EstimateBps);
    }

    private void Print(BandwidthSimulation simulation)
    {
        foreach (var sample in simulation.Samples.Where((_, i) => i % 5 == 0))
        {
            output.WriteLine($"{sample.Seconds,5:F1} s {sample.EstimateBps / 1000,6} kbps (delay {sample.DelayBasedBps / 1000}, loss {Math.Min(sample.LossBasedBps / 1000, 99999)}, acknowledged {sample.AcknowledgedBps / 1000})");
        }
        output.WriteLine($"queue drops {simulation.Forward.QueueDropped}, random loss {simulation.Forward.RandomlyLost}, sent {simulation.Forward.Sent}, probe packets {simulation.PaddingPackets} in {simulation.Counters.ProbeClustersSent} clusters, last probe {simulation.Receiver.Bandwidth.LastProbeBps / 1000:F0} kbps, malformed feedback {simulation.Counters.TransportCcMalformed}");
    }
}
