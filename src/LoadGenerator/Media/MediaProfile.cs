using System.Diagnostics;

namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>What each simulated endpoint sends: Opus-sized audio at 50 packets/s and one VP8 encoding of
/// ≈ 1,200-byte packets at a configured bitrate. Intervals are in <see cref="Stopwatch"/> ticks. Immutable; any thread.</summary>
internal sealed record MediaProfile
{
    public const byte AudioPayloadType = 111;
    public const byte VideoPayloadType = 100;

    /// <summary>RTP header + payload before SRTP; Opus at ≈ 32 kbit/s in 20 ms frames is ≈ 80 bytes of payload.</summary>
    public int AudioPacketBytes { get; init; } = 12 + 80;

    public int AudioPacketsPerSecond { get; init; } = 50;

    public int VideoPacketBytes { get; init; } = 1_200;

    /// <summary>0 sends no video.</summary>
    public long VideoBitrateBps { get; init; } = 1_000_000;

    /// <summary>One received packet in this many gets its filler checked byte by byte.</summary>
    public int PayloadCheckEvery { get; init; } = 16;

    public double VideoPacketsPerSecond => VideoBitrateBps / (VideoPacketBytes * 8.0);

    public long AudioIntervalTicks => Stopwatch.Frequency / AudioPacketsPerSecond;

    public long VideoIntervalTicks => VideoPacketsPerSecond <= 0 ? long.MaxValue : (long)(Stopwatch.Frequency / VideoPacketsPerSecond);

    /// <summary>Packets per second one endpoint sends.</summary>
    public double SentPacketsPerSecond => AudioPacketsPerSecond + VideoPacketsPerSecond;
}
