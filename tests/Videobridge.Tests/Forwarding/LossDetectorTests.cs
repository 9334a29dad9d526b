using Jitsi.Net.Videobridge.Forwarding;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary>Gap detection per sender SSRC for NACKs toward senders: reorder tolerance, at most three NACKs spaced by
/// the retry interval, given up after a second, duplicates refused, wrap-around and jumps.</summary>
public sealed class LossDetectorTests
{
    private const long Frequency = 1000; // timestamps in milliseconds
    private readonly LossDetector _detector = new(Frequency);
    private readonly ushort[] _nacks = new ushort[64];

    [Fact]
    public void Gap_IsNackedAfterTheReorderTolerance_AtMostThreeTimes_AndGivenUpAfterASecond()
    {
        Receive(0, 100, 101, 102, 105);
        // Detected at 0 ms with one newer packet: may still be reordering.
        Assert.Empty(Collect(2));
        Assert.Equal([103, 104], Collect(5));
        Assert.Empty(Collect(50));
        Assert.Equal([103, 104], Collect(105));
        Assert.Empty(Collect(150));
        Assert.Equal([103, 104], Collect(205));
        // Three times at most, whatever the time.
        Assert.Empty(Collect(400));
        Assert.Equal(2, _detector.Missing);
        Assert.Empty(Collect(1006));
        Assert.Equal(0, _detector.Missing);
        Assert.Equal(2, _detector.GivenUp);
        Assert.False(_detector.IsMissing(103));
    }

    [Fact]
    public void KnownRoundTrip_SpacesTheRetries()
    {
        Receive(0, 1, 3, 4);
        Assert.Equal([2], Collect(10, roundTrip: 200));
        // 1.5 round trips: not at 100 ms as without one, but at 300 ms.
        Assert.Empty(Collect(110, roundTrip: 200));
        Assert.Empty(Collect(309, roundTrip: 200));
        Assert.Equal([2], Collect(310, roundTrip: 200));
        // A tiny round trip is held to the minimum spacing.
        Assert.Empty(Collect(320, roundTrip: 1));
        Assert.Equal([2], Collect(330, roundTrip: 1));
    }

    [Fact]
    public void TwoNewerPackets_MakeAGapDueAtOnce_AndAReorderedPacketIsNeverNacked()
    {
        Receive(0, 10, 12);
        Assert.True(_detector.IsMissing(11));
        Receive(1, 11);
        Assert.Empty(Collect(10));
        Assert.Equal(1, _detector.Recovered);

        Receive(20, 14, 15, 16);
        Assert.Equal([13], Collect(20));
    }

    [Fact]
    public void Duplicates_AreRefused_AndALateOriginalClosesItsGap()
    {
        Receive(0, 1, 2, 4);
        Assert.False(_detector.OnPacket(2, 1));
        Assert.False(_detector.OnPacket(4, 1));
        Assert.True(_detector.OnPacket(3, 1));
        Assert.False(_detector.OnPacket(3, 2));
        Assert.Equal(0, _detector.Missing);
        Assert.Empty(Collect(10));
    }

    [Fact]
    public void GapAcrossTheWrap_IsNackedWithTheWrappedNumbers()
    {
        Receive(0, 65533, 65534, 1, 2);
        Assert.Equal([65535, 0], Collect(10));
    }

    [Fact]
    public void JumpOfAWindowOrMore_IsNotLoss_NorIsARestart()
    {
        Receive(0, 1000, 1001);
        Receive(1, (ushort)(1001 + LossDetector.Window + 1));
        Assert.Empty(Collect(10));
        Assert.Equal(0, _detector.Missing);

        // The sender starts over far below: tracked afresh from there.
        Receive(20, 7, 9);
        Assert.Equal([8], Collect(30));
    }

    [Fact]
    public void ManyGaps_FillOneBatch_OldestFirst_TheRestInTheNext()
    {
        for (var i = 0; i < 200; i += 2)
        {
            Receive(0, (ushort)i);
        }
        var first = Collect(10);
        Assert.Equal(64, first.Length);
        Assert.Equal(1, first[0]);
        Assert.Equal(127, first[^1]);
        Assert.Equal(Enumerable.Range(64, 35).Select(i => (ushort)((2 * i) + 1)), Collect(11));
    }

    private void Receive(long now, params ushort[] sequenceNumbers)
    {
        foreach (var sequenceNumber in sequenceNumbers)
        {
            Assert.True(_detector.OnPacket(sequenceNumber, now));
        }
    }

    private ushort[] Collect(long now, long roundTrip = 0) => _nacks[.._detector.CollectNacks(now, _nacks, roundTrip)];
}
