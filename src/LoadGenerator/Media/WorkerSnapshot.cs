namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>One generator Worker's figures for a step, copied out on its thread. Immutable.</summary>
internal sealed record WorkerSnapshot(
    long RtpSent,
    long BytesSent,
    long SendFailures,
    long RtpReceived,
    long BytesReceived,
    long NotOurs,
    long PayloadChecked,
    long PayloadMismatches,
    long Expected,
    long Lost,
    long Reordered,
    long FramesReceived,
    long KeyFramesReceived,
    long KeyFrameRequests,
    long SendCalls,
    long SendBatched,
    LatencyHistogram Latency);
