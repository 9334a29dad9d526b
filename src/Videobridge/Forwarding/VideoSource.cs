namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>How a sender signalled one video source (PROTOCOL.md §6.1): its name, the SSRC of each simulcast encoding
/// in SIM order (index 0 = lowest; one entry without a SIM group) and each encoding's RTX SSRC from its FID group
/// (0 when none). Immutable.</summary>
internal sealed record VideoSourceLayout(string Name, uint[] Encodings, uint[] RtxSsrcs)
{
    public uint PrimarySsrc => Encodings[0];
}

/// <summary>
/// A sender's video source on the Worker: what each of its encodings measures (<see cref="EncodingMeter"/>: bitrate,
/// frame rate and height over the last second) and the codec its packets carry, for the <see cref="BitrateAllocator"/>.
/// Created at the source's first packet and kept across source updates that keep its SSRCs. Owned by the Worker
/// thread.
/// </summary>
internal sealed class VideoSource
{
    /// <summary>Height assumed for encoding 0 until a key frame tells (H.264 keeps it): 180, doubling per index.</summary>
    public const int NominalLowestHeight = 180;

    public VideoSource(VideoSourceLayout layout, long timestampFrequency)
    {
        Layout = layout;
        Meters = new EncodingMeter[layout.Encodings.Length];
        for (var i = 0; i < Meters.Length; i++)
        {
            Meters[i] = new EncodingMeter(timestampFrequency, NominalLowestHeight << Math.Min(i, 4));
        }
    }

    public VideoSourceLayout Layout { get; }

    public EncodingMeter[] Meters { get; }

    /// <summary>The codec of the last packet (by payload type).</summary>
    public VideoCodec Codec { get; set; }

    /// <summary>Whether the forwarder can switch between encodings of this source (it finds key frames of VP8 and
    /// H.264); other codecs stay on the lowest encoding.</summary>
    public bool CanSwitch => Codec is VideoCodec.Vp8 or VideoCodec.H264;
}
