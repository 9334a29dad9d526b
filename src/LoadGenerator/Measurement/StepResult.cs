namespace Jitsi.Net.LoadGenerator.Measurement;

/// <summary>The figures of one measured step. Rates are per second of the step's wall time; null where the
/// figure could not be taken (no bridge process id, no pinned core). Immutable.</summary>
internal sealed record StepResult
{
    public required int Step { get; init; }
    public required int Rooms { get; init; }
    public required int Endpoints { get; init; }
    public required double Seconds { get; init; }
    public required double SentPacketsPerSecond { get; init; }
    public required double ReceivedPacketsPerSecond { get; init; }
    public required double ReceivedMbps { get; init; }
    public required double ExpectedPacketsPerSecond { get; init; }
    public required double LossPercent { get; init; }
    public required long Reordered { get; init; }
    public required double LatencyP50Ms { get; init; }
    public required double LatencyP99Ms { get; init; }
    public required double LatencyP999Ms { get; init; }
    public required long PayloadChecked { get; init; }
    public required long PayloadMismatches { get; init; }
    /// <summary>Video frames (packets with the marker bit) received in the step; key frames received and PLI/FIR for
    /// our encodings received since the run started.</summary>
    public long FramesReceived { get; init; }
    public long KeyFramesReceived { get; init; }
    public long KeyFrameRequests { get; init; }
    /// <summary>RTP packets per <c>sendmmsg</c> call; null when sends were not batched.</summary>
    public double? PacketsPerSendCall { get; init; }
    public double? BridgeCpuPercent { get; init; }
    public double? BridgeCoreBusyPercent { get; init; }
    /// <summary>Forwarded packets per second of the bridge process's own CPU time.</summary>
    public double? ForwardedPerCpuSecond { get; init; }
    /// <summary>Forwarded packets per busy second of the pinned core (includes softirq and anything else on it).</summary>
    public double? ForwardedPerCoreBusySecond { get; init; }
    /// <summary>The server process's CPU (% of one core) per forwarded Mbit/s.</summary>
    public double? CpuPercentPerForwardedMbps => BridgeCpuPercent is { } cpu && ReceivedMbps > 0 ? cpu / ReceivedMbps : null;
    public long? BridgeRssBytes { get; init; }
    public double? BridgeBytesPerEndpoint { get; init; }
    public required double GeneratorCpuPercent { get; init; }
    public required double GeneratorHeadroom { get; init; }
    public required double JoinP50Ms { get; init; }
    public required double JoinMaxMs { get; init; }
    public required double ConnectMaxMs { get; init; }

    /// <summary>Forwarded packets in % of what full forwarding delivers. Loss counts gaps inside the streams a receiver
    /// saw; a stream that never arrived shows here instead.</summary>
    public double DeliveredPercent => ExpectedPacketsPerSecond > 0 ? 100 * ReceivedPacketsPerSecond / ExpectedPacketsPerSecond : 0;

    /// <summary>The line for "stops keeping up": more than 1 % loss or a p99 above 50 ms; and, since loss cannot
    /// see a stream that never arrived, less than 99 % of the expected packets delivered.</summary>
    public bool KeepsUp => LossPercent <= 1 && DeliveredPercent >= 99 && !(LatencyP99Ms > 50);
}
