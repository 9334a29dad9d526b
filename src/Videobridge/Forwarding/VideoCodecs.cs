namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>The video codecs the forwarder tells apart: VP8 and H.264 are switched between simulcast encodings at
/// key frames and rewritten; anything else is forwarded from the lowest encoding with only SSRC, sequence numbers and
/// timestamps rewritten.</summary>
internal enum VideoCodec : byte
{
    Unknown,
    Vp8,
    H264,
    Vp9,
    Av1,
}

/// <summary>
/// An endpoint's video payload types by codec (its colibri2 <c>payload-type</c> names, e.g. <c>VP8/90000</c>), so the
/// packet path knows how to read a payload. A 128-entry table; written by posted work and read on the Worker thread.
/// </summary>
internal sealed class VideoCodecs
{
    private readonly VideoCodec[] _codecs = new VideoCodec[128];

    public void Add(int payloadType, string name)
    {
        if (payloadType is >= 0 and < 128)
        {
            _codecs[payloadType] = name.ToUpperInvariant() switch
            {
                "VP8" => VideoCodec.Vp8,
                "H264" => VideoCodec.H264,
                "VP9" => VideoCodec.Vp9,
                "AV1" or "AV1X" => VideoCodec.Av1,
                _ => VideoCodec.Unknown,
            };
        }
    }

    public VideoCodec Of(byte payloadType) => payloadType < 128 ? _codecs[payloadType] : VideoCodec.Unknown;
}
