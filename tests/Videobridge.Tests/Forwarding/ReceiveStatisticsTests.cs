using Jitsi.Net.Videobridge.Forwarding;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary>The bridge's receiver-report fields (RFC 3550 §6.4.1, A.3, A.8) against a scripted arrival sequence.</summary>
public sealed class ReceiveStatisticsTests
{
    private const long Frequency = 1_000_000;

    [Fact]
    public void LossAndReordering_GiveTheRfc3550Fields()
    {
        var statistics = new ReceiveStatistics(90_000);
        // 65534, 65535, 0 (wrap), 2, 1 (reordered), 4: sequence 3 is lost. 20 ms apart, timestamps 1800 apart.
        ushort[] order = [65534, 65535, 0, 2, 1, 4];
        for (var i = 0; i < order.Length; i++)
        {
            var rtpTimestamp = (uint)(1800 * (ushort)(order[i] - 65534));
            statistics.OnPacket(order[i], rtpTimestamp, 0.020 * i);
        }
        statistics.OnSenderReport(0x0001_2345_6789_0000UL, 1234, arrival: 500_000);

        var block = statistics.TakeReportBlock(7, now: 1_500_000, Frequency);

        Assert.Equal(7u, block.Ssrc);
        Assert.Equal(1, block.CumulativeLost);
        Assert.Equal(0x1_0004u, block.ExtendedHighestSequenceNumber);
        Assert.Equal(256 * 1 / 7, block.FractionLost);
        Assert.Equal(0x2345_6789u, block.LastSenderReport);
        Assert.Equal(65536u, block.DelaySinceLastSenderReport);
        // Arrival 20 ms apart except the reordered pair: the jitter is positive but well under a frame.
        Assert.InRange(block.Jitter, 1u, 1800u);

        // The next interval: two more in order, none lost.
        statistics.OnPacket(5, 1800 * 7, 0.140);
        statistics.OnPacket(6, 1800 * 8, 0.160);
        var next = statistics.TakeReportBlock(7, now: 1_600_000, Frequency);
        Assert.Equal(0, next.FractionLost);
        Assert.Equal(1, next.CumulativeLost);
        Assert.Equal(0x1_0006u, next.ExtendedHighestSequenceNumber);
    }

    [Fact]
    public void SteadyArrival_HasNoJitter_AndNoSenderReportMeansNoLsr()
    {
        var statistics = new ReceiveStatistics(48_000);
        for (var i = 0; i < 50; i++)
        {
            statistics.OnPacket((ushort)(100 + i), (uint)(960 * i), 0.020 * i);
        }
        var block = statistics.TakeReportBlock(1, now: 0, Frequency);
        Assert.Equal(0u, block.Jitter);
        Assert.Equal(0, block.CumulativeLost);
        Assert.Equal(0u, block.LastSenderReport);
        Assert.Equal(0u, block.DelaySinceLastSenderReport);
    }
}
