using Jitsi.Net.Videobridge.Rtcp;

namespace Jitsi.Net.Videobridge.Tests.Rtcp;

public sealed class TransportFeedbackTests
{
    [Fact]
    public void DraftChunkExamplesRunLengthThenOneBitVector()
    {
        Assert.True(TransportFeedback.TryParse(RtcpVectors.TransportCcDraftExamples, out var feedback));
        Assert.Equal(1u, feedback.SenderSsrc);
        Assert.Equal(0x11223344u, feedback.MediaSsrc);
        Assert.Equal(1000, feedback.BaseSequenceNumber);
        Assert.Equal(235, feedback.StatusCount);
        Assert.Equal(16, feedback.ReferenceTime);
        Assert.Equal(1_024_000, feedback.ReferenceTimeUs);
        Assert.Equal(5, feedback.FeedbackCount);

        var entries = Entries(feedback);
        Assert.All(entries[..221], e => Assert.False(e.Received));
        // §3.1.4 example 1: 1 not received, 5 received, 3 not received, 3 received, 2 not received.
        var vector = entries[221..].Select(e => e.Received ? 1 : 0);
        Assert.Equal([0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0], vector);
        Assert.Equal([4, 8, 0, 255, 1, 2, 3, 4], entries.Where(e => e.Received).Select(e => e.DeltaTicks));
        Assert.Equal(1000 + 234, entries[^1].SequenceNumber);
        AssertWritesSameBytes(feedback, RtcpVectors.TransportCcDraftExamples);
    }

    [Fact]
    public void TwoBitVectorWithLargeAndNegativeDeltas()
    {
        Assert.True(TransportFeedback.TryParse(RtcpVectors.TransportCcTwoBit, out var feedback));
        Assert.Equal(-1, feedback.ReferenceTime);
        TransportFeedbackEntry[] expected =
        [
            new(65534, true, 16),
            new(65535, true, 400),
            new(0, false, 0),
            new(1, true, 5),
            new(2, true, 6),
            new(3, true, -10),
            new(4, true, 7),
        ];
        Assert.Equal(expected, Entries(feedback));
        Assert.Equal(100_000, expected[1].DeltaMicroseconds);
        AssertWritesSameBytes(feedback, RtcpVectors.TransportCcTwoBit);
        AssertBuildsSameBytes(feedback, RtcpVectors.TransportCcTwoBit);
    }

    [Fact]
    public void BrowserFeedbackOneRunOfSmallDeltas()
    {
        Assert.True(TransportFeedback.TryParse(RtcpVectors.TransportCcBrowser, out var feedback));
        Assert.Equal(1296, feedback.BaseSequenceNumber);
        Assert.Equal(0x1A2B3C, feedback.ReferenceTime);
        Assert.Equal(42, feedback.FeedbackCount);
        var entries = Entries(feedback);
        Assert.Equal(20, entries.Length);
        Assert.All(entries, e => Assert.True(e.Received));
        Assert.Equal(8, entries[0].DeltaTicks);
        Assert.All(entries[1..], e => Assert.Equal(5000, e.DeltaMicroseconds));
        AssertWritesSameBytes(feedback, RtcpVectors.TransportCcBrowser);
        AssertBuildsSameBytes(feedback, RtcpVectors.TransportCcBrowser);
    }

    [Fact]
    public void BuilderPicksOneBitVectorsForMixedSmallDeltas()
    {
        // 14 packets alternating received / lost, then a run of 20 lost, then one large delta.
        var entries = new TransportFeedbackEntry[35];
        for (var i = 0; i < entries.Length; i++)
        {
            var received = i < 14 ? i % 2 == 0 : i == 34;
            entries[i] = new TransportFeedbackEntry((ushort)(500 + i), received, i == 34 ? 1000 : received ? 4 : 0);
        }
        var buffer = new byte[128];
        Assert.True(TransportFeedbackBuilder.TryWrite(buffer, 7, 8, 100, 1, entries, out var length));
        Assert.Equal(TransportFeedbackBuilder.GetLength(entries), length);
        byte[] expected =
        [
            0x8F, 0xCD, 0x00, 0x08, // V=2 FMT=15 | PT=205 | length 8 → 36 bytes
            0x00, 0x00, 0x00, 0x07, // SSRC of packet sender
            0x00, 0x00, 0x00, 0x08, // SSRC of media source
            0x01, 0xF4, 0x00, 0x23, // base 500 | status count 35
            0x00, 0x00, 0x64, 0x01, // reference time 100 | fb pkt. count 1
            0xAA, 0xAA, 0x00, 0x14, // vector 1-bit 10101010101010 | run length: 20 × not received
            0x40, 0x01, 0x04, 0x04, // run length: 1 × large delta | deltas 4, 4…
            0x04, 0x04, 0x04, 0x04, // …4, 4, 4, 4…
            0x04, 0x03, 0xE8, 0x00, // …4 | large delta 1000 | zero padding
        ];
        Assert.Equal(expected.Length, length);
        Assert.Equal(expected, buffer[..length]);
        Assert.True(TransportFeedback.TryParse(buffer.AsSpan(0, length), out var parsed));
        Assert.Equal(entries, Entries(parsed));
    }

    [Fact]
    public void ArrivalsBecomeFeedbackThatRestoresTheirTimes()
    {
        // Sequence numbers across the wrap; 65535 and 1 lost; 3 arrives before 2 (reordering).
        PacketArrival[] arrivals =
        [
            new(65533, 10_000_130),
            new(65534, 10_005_000),
            new(0, 10_090_000),
            new(3, 10_089_000),
            new(2, 10_095_123),
        ];
        Array.Sort(arrivals, (a, b) => RtpDistance(a.SequenceNumber, b.SequenceNumber));
        var entries = new TransportFeedbackEntry[16];
        Assert.True(TransportFeedbackBuilder.TryGetEntries(arrivals, entries, out var referenceTime, out var count));
        Assert.Equal(7, count);
        Assert.Equal(156, referenceTime); // 10.000130 s / 64 ms, rounded down
        Assert.Equal([true, true, false, true, false, true, true], entries[..count].Select(e => e.Received));

        var buffer = new byte[64];
        Assert.True(TransportFeedbackBuilder.TryWrite(buffer, 1, 2, referenceTime, 0, entries.AsSpan(0, count), out var length));
        Assert.True(TransportFeedback.TryParse(buffer.AsSpan(0, length), out var feedback));
        var time = feedback.ReferenceTimeUs;
        var restored = new List<(int, long)>();
        foreach (var entry in Entries(feedback).Where(e => e.Received))
        {
            time += entry.DeltaMicroseconds;
            restored.Add((entry.SequenceNumber, time));
        }
        Assert.Equal([(65533, 10_000_250), (65534, 10_005_000), (0, 10_090_000), (2, 10_095_000), (3, 10_089_000)], restored);
    }

    [Fact]
    public void ArrivalsOutOfOrderOrTooManyFail()
    {
        Assert.False(TransportFeedbackBuilder.TryGetEntries([new(5, 0), new(4, 1)], new TransportFeedbackEntry[70000], out _, out _));
        Assert.False(TransportFeedbackBuilder.TryGetEntries([new(5, 0), new(9, 1)], new TransportFeedbackEntry[4], out _, out _));
        Assert.False(TransportFeedbackBuilder.TryGetEntries([], new TransportFeedbackEntry[4], out _, out _));
    }

    private static int RtpDistance(ushort a, ushort b) => -Videobridge.Rtp.RtpSequence.Distance(a, b);

    [Fact]
    public void BuilderRejectsWhatItCannotEncode()
    {
        Assert.Equal(-1, TransportFeedbackBuilder.GetLength([]));
        Assert.Equal(-1, TransportFeedbackBuilder.GetLength([new(1, true, 40000)]));
        Assert.Equal(-1, TransportFeedbackBuilder.GetLength([new(1, true, 1), new(3, true, 1)]));
        Assert.False(TransportFeedbackBuilder.TryWrite(new byte[8], 1, 2, 0, 0, [new(1, true, 1)], out _));
    }

    [Fact]
    public void MalformedFeedbackIsRejected()
    {
        var tooManyStatuses = (byte[])RtcpVectors.TransportCcDraftExamples.Clone();
        tooManyStatuses[15] = 0xFF; // 255 statuses, chunks cover 235 then deltas read as chunks run out
        Assert.False(TransportFeedback.TryParse(tooManyStatuses, out _));

        var reservedSymbol = (byte[])RtcpVectors.TransportCcTwoBit.Clone();
        reservedSymbol[20] = 0xF8; // first two-bit symbol 11
        Assert.False(TransportFeedback.TryParse(reservedSymbol, out _));

        var missingDeltas = (byte[])RtcpVectors.TransportCcBrowser.Clone();
        missingDeltas[3] = 0x07; // length cut to 32 bytes: 20 deltas announced, 12 present
        Assert.False(TransportFeedback.TryParse(missingDeltas.AsSpan(0, 32), out _));

        Assert.False(TransportFeedback.TryParse(RtcpVectors.Nack, out _));
        Assert.True(TransportFeedback.TryParse(RtcpVectors.TransportCcBrowser, out var feedback));
        Assert.False(feedback.TryGetEntries(new TransportFeedbackEntry[19], out _));
    }

    private static TransportFeedbackEntry[] Entries(TransportFeedback feedback)
    {
        var entries = new TransportFeedbackEntry[feedback.StatusCount];
        Assert.True(feedback.TryGetEntries(entries, out var count));
        Assert.Equal(feedback.StatusCount, count);
        return entries;
    }

    private static void AssertWritesSameBytes(TransportFeedback feedback, byte[] vector)
    {
        var written = new byte[vector.Length];
        Assert.Equal(vector.Length, feedback.GetLength());
        Assert.True(feedback.TryWrite(written, out var length));
        Assert.Equal(vector, written[..length]);
    }

    private static void AssertBuildsSameBytes(TransportFeedback feedback, byte[] vector)
    {
        var written = new byte[vector.Length];
        Assert.True(TransportFeedbackBuilder.TryWrite(written, feedback.SenderSsrc, feedback.MediaSsrc, feedback.ReferenceTime, feedback.FeedbackCount, Entries(feedback), out var length));
        Assert.Equal(vector, written[..length]);
    }
}
