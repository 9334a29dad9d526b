using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Rtcp;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary>Transport-cc feedback built from a known arrival pattern parses back to the same arrivals
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1).</summary>
public sealed class TransportCcRecorderTests
{
    [Fact]
    public void Feedback_ParsesBackToTheArrivals_WithLossReorderingAndWrap()
    {
        var recorder = new TransportCcRecorder();
        // 65533 … 4 across the wrap; 65535 and 2 lost; 1 arrives before 0.
        (ushort Sequence, long ArrivalUs)[] arrivals =
        [
            (65533, 1_000_000), (65534, 1_005_000), (1, 1_012_000), (0, 1_013_000), (3, 1_030_000), (4, 1_031_250),
        ];
        foreach (var (sequence, arrival) in arrivals)
        {
            recorder.OnPacket(sequence, 0x5555, arrival);
        }
        var buffer = new byte[1500];

        Assert.True(recorder.TryWriteFeedback(buffer, 0xFEED, out var written));
        Assert.False(recorder.HasPending);

        Assert.True(TransportFeedback.TryParse(buffer.AsSpan(0, written), out var feedback));
        Assert.Equal(0xFEEDu, feedback.SenderSsrc);
        Assert.Equal(0x5555u, feedback.MediaSsrc);
        Assert.Equal(65533, feedback.BaseSequenceNumber);
        Assert.Equal(8, feedback.StatusCount);
        var entries = new TransportFeedbackEntry[16];
        Assert.True(feedback.TryGetEntries(entries, out var count));
        Assert.Equal(8, count);
        var time = feedback.ReferenceTimeUs;
        var received = new Dictionary<ushort, long>();
        foreach (var entry in entries[..count])
        {
            if (entry.Received)
            {
                time += entry.DeltaMicroseconds;
                received[entry.SequenceNumber] = time;
            }
        }
        Assert.Equal(arrivals.ToDictionary(a => a.Sequence, a => a.ArrivalUs), received);
    }

    [Fact]
    public void LateAfterFeedback_IsIgnored_AndTheNextFeedbackStartsAfterTheLast()
    {
        var recorder = new TransportCcRecorder();
        recorder.OnPacket(10, 1, 0);
        recorder.OnPacket(11, 1, 1000);
        Assert.True(recorder.TryWriteFeedback(new byte[1500], 1, out _));
        recorder.OnPacket(9, 1, 2000);
        Assert.False(recorder.HasPending);
        recorder.OnPacket(12, 1, 3000);
        var buffer = new byte[1500];
        Assert.True(recorder.TryWriteFeedback(buffer, 1, out var written));
        Assert.True(TransportFeedback.TryParse(buffer.AsSpan(0, written), out var feedback));
        Assert.Equal(12, feedback.BaseSequenceNumber);
        Assert.Equal(1, feedback.StatusCount);
    }
}
