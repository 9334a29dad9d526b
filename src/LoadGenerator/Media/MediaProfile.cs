using System.Diagnostics;

namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>What each simulated endpoint sends: Opus-sized audio at 50 packets/s and VP8 at 30 frames/s, either one
/// encoding at a configured bitrate or three simulcast encodings (150 kbit/s 320×180, 500 kbit/s 640×360,
/// 2.5 Mbit/s 1280×720, in the SIM group's low-to-high order). A frame goes out as one burst of packets of at most
/// <see cref="VideoPacketBytes"/>. Intervals are in <see cref="Stopwatch"/> ticks. Immutable; any thread.</summary>
internal sealed record MediaProfile
{
    public const byte AudioPayloadType = 111;
    public const byte VideoPayloadType = 100;
    public const byte RtxPayloadType = 101;

    /// <summary>RTP header + payload before SRTP; Opus at ≈ 32 kbit/s in 20 ms frames is ≈ 80 bytes of payload.</summary>
    public int AudioPacketBytes { get; init; } = 12 + 80;

    public int AudioPacketsPerSecond { get; init; } = 50;

    /// <summary>Largest video packet, RTP header included.</summary>
    public int VideoPacketBytes { get; init; } = 1_200;

    public int VideoFrameRate { get; init; } = 30;

    /// <summary>0 sends no video; the bitrate of the one encoding without simulcast.</summary>
    public long VideoBitrateBps { get; init; } = 1_000_000;

    public bool Simulcast { get; init; }

    /// <summary>One received packet in this many gets its filler checked byte by byte.</summary>
    public int PayloadCheckEvery { get; init; } = 16;

    /// <summary>The encodings each endpoint sends: (bitrate, width, height), the SIM group's order.</summary>
    public IReadOnlyList<(long Bitrate, int Width, int Height)> VideoEncodings =>
        VideoBitrateBps <= 0 ? []
        : Simulcast ? [(150_000, 320, 180), (500_000, 640, 360), (2_500_000, 1280, 720)]
        : [(VideoBitrateBps, 1280, 720)];

    public long AudioIntervalTicks => Stopwatch.Frequency / AudioPacketsPerSecond;

    public long FrameIntervalTicks => Stopwatch.Frequency / VideoFrameRate;

    /// <summary>Bytes of one frame of an encoding (RTP payload, all packets).</summary>
    public int FrameBytes(long bitrate) => (int)(bitrate / 8 / VideoFrameRate);

    /// <summary>Packets one frame of an encoding takes.</summary>
    public int PacketsPerFrame(long bitrate) => Math.Max(1, (int)Math.Ceiling(FrameBytes(bitrate) / (double)(VideoPacketBytes - 12)));

    /// <summary>Video packets/s one endpoint sends, all encodings.</summary>
    public double VideoPacketsPerSecond => VideoEncodings.Sum(e => (double)PacketsPerFrame(e.Bitrate)) * VideoFrameRate;

    /// <summary>Video packets/s a receiver gets of one sender when the server forwards one encoding: the first (the
    /// primary SIM SSRC, what our bridge forwards without layer switching, and substream 0 of a Janus subscription).</summary>
    public double ForwardedVideoPacketsPerSecond => VideoEncodings.Count == 0 ? 0 : PacketsPerFrame(VideoEncodings[0].Bitrate) * (double)VideoFrameRate;

    /// <summary>Packets per second one endpoint sends.</summary>
    public double SentPacketsPerSecond => AudioPacketsPerSecond + VideoPacketsPerSecond;
}
