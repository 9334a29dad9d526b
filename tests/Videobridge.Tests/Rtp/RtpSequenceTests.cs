using Jitsi.Net.Videobridge.Rtp;

namespace Jitsi.Net.Videobridge.Tests.Rtp;

public sealed class RtpSequenceTests
{
    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(0, 65535, true)] // across the wrap
    [InlineData(65535, 0, false)]
    [InlineData(5, 5, false)]
    [InlineData(32767, 0, true)] // just under half the space ahead
    [InlineData(32768, 0, false)] // exactly half: treated as older
    [InlineData(100, 40000, true)]
    public void IsNewer(int sequenceNumber, int than, bool expected) =>
        Assert.Equal(expected, RtpSequence.IsNewer((ushort)sequenceNumber, (ushort)than));

    [Theory]
    [InlineData(65535, 0, 1)]
    [InlineData(0, 65535, -1)]
    [InlineData(10, 20, 10)]
    [InlineData(65530, 5, 11)]
    [InlineData(0, 32768, -32768)]
    public void Distance(int from, int to, int expected) =>
        Assert.Equal(expected, RtpSequence.Distance((ushort)from, (ushort)to));

    [Fact]
    public void TimestampsCompareAcrossTheWrap()
    {
        Assert.True(RtpSequence.IsNewerTimestamp(10, 0xFFFF_FFF0));
        Assert.False(RtpSequence.IsNewerTimestamp(0xFFFF_FFF0, 10));
        Assert.Equal(26, RtpSequence.TimestampDistance(0xFFFF_FFF0, 10));
    }

    [Fact]
    public void CounterTracksRolloversAndLatePackets()
    {
        var counter = new RtpSequenceCounter();
        Assert.Equal(65534, counter.Extend(65534));
        Assert.Equal(65535, counter.Extend(65535));
        Assert.Equal(65536, counter.Extend(0));
        Assert.Equal(1, counter.Cycles);
        Assert.Equal(65535, counter.Extend(65535)); // a late packet from before the wrap
        Assert.Equal(65536, counter.Highest);
        Assert.Equal(65537, counter.Extend(1));
        Assert.Equal(65536 + 100, counter.Peek(100));
        Assert.Equal(65537, counter.Highest);
    }

    [Fact]
    public void CounterAcrossManyWraps()
    {
        var counter = new RtpSequenceCounter();
        ushort seq = 60000;
        long expected = 60000;
        for (var i = 0; i < 400_000; i += 1000)
        {
            Assert.Equal(expected, counter.Extend(seq));
            seq += 1000;
            expected += 1000;
        }
        Assert.Equal(expected - 1000, counter.Highest);
        Assert.Equal((expected - 1000) >> 16, counter.Cycles);
    }

    [Fact]
    public void LateFirstPacketsGoNegative()
    {
        var counter = new RtpSequenceCounter();
        Assert.Equal(0, counter.Extend(0));
        Assert.Equal(-1, counter.Extend(65535));
        Assert.Equal(0, counter.Highest);
    }
}
