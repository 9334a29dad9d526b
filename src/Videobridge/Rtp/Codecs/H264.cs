namespace Jitsi.Net.Videobridge.Rtp.Codecs;

/// <summary>Key frame detection for H.264 RTP payloads (RFC 6184 §5): the bridge only needs to know whether a
/// packet starts an IDR picture (or the SPS that browsers send just before one). Stateless; Worker thread.</summary>
internal static class H264
{
    /*  RFC 6184 §1.3 NAL unit header, first payload byte:
         0 1 2 3 4 5 6 7
        +-+-+-+-+-+-+-+-+
        |F|NRI|  Type   |   1–23 single NAL unit (§5.6), 24 STAP-A (§5.7.1), 28 FU-A (§5.8)
        +-+-+-+-+-+-+-+-+
        STAP-A: header, then repeated { 16-bit NALU size | NAL unit }.
        FU-A: FU indicator (a NAL header, type 28), then FU header |S|E|R| Type | of the fragmented unit.
    */
    public const int NalIdr = 5;
    public const int NalSps = 7;
    public const int NalPps = 8;
    public const int StapA = 24;
    public const int FuA = 28;

    public static bool IsKeyFrame(ReadOnlySpan<byte> payload)
    {
        if (payload.IsEmpty)
        {
            return false;
        }
        var type = payload[0] & 0x1F;
        switch (type)
        {
            case StapA:
                return StapAHasKeyFrame(payload[1..]);
            case FuA:
                // Only the start fragment (S bit) begins the picture.
                return payload.Length >= 2 && (payload[1] & 0x80) != 0 && IsKeyNal(payload[1] & 0x1F);
            default:
                return IsKeyNal(type);
        }
    }

    private static bool StapAHasKeyFrame(ReadOnlySpan<byte> units)
    {
        while (units.Length >= 2)
        {
            var size = (units[0] << 8) | units[1];
            if (size == 0 || units.Length < 2 + size)
            {
                return false;
            }
            if (IsKeyNal(units[2] & 0x1F))
            {
                return true;
            }
            units = units[(2 + size)..];
        }
        return false;
    }

    private static bool IsKeyNal(int type) => type is NalIdr or NalSps;
}
