using Jitsi.Net.Videobridge.Rtp.Codecs;

namespace Jitsi.Net.Fuzz;

/// <summary>Fuzz targets for the payload-format parsers the bridge reads: VP8 descriptor and H.264 key frames.</summary>
internal static class CodecTargets
{
    /// <summary>Parse → write → parse gives the same descriptor; in-place rewrites keep the length and width.</summary>
    [FuzzTarget("vp8")]
    private static void Vp8(byte[] data)
    {
        _ = Vp8PayloadDescriptor.IsKeyFrame(data);
        if (!Vp8PayloadDescriptor.TryParse(data, out var descriptor))
        {
            return;
        }
        var written = new byte[descriptor.GetLength()];
        Invariant.Check(descriptor.TryWrite(written, out var length) && length == descriptor.Length, "descriptor writes its own length");
        Invariant.Check(Vp8PayloadDescriptor.TryParse(written, out var again) && again.Equals(descriptor), "descriptor round trip");

        var copy = (byte[])data.Clone();
        if (Vp8PayloadDescriptor.TryWritePictureId(copy, descriptor.PictureId + 1))
        {
            Invariant.Check(Vp8PayloadDescriptor.TryParse(copy, out var renumbered) && renumbered.Length == descriptor.Length
                && renumbered.PictureId == ((descriptor.PictureId + 1) & (descriptor.HasLongPictureId ? 0x7FFF : 0x7F)), "picture id rewrite");
        }
        if (Vp8PayloadDescriptor.TryWriteTl0PicIdx(copy, (byte)(descriptor.Tl0PicIdx + 1)))
        {
            Invariant.Check(Vp8PayloadDescriptor.TryParse(copy, out var renumbered) && renumbered.Tl0PicIdx == (byte)(descriptor.Tl0PicIdx + 1), "TL0PICIDX rewrite");
        }
    }

    [FuzzTarget("h264")]
    private static void H264KeyFrame(byte[] data) => _ = H264.IsKeyFrame(data);
}
