using System.Buffers.Binary;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Rtp.Codecs;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// What the forwarder reads from one video packet's payload to pick layers and rewrite it: whether it starts a key
/// frame (VP8: RFC 7741 §4.3 with the RFC 6386 §9.1 frame tag; H.264: an IDR or SPS NAL unit, RFC 6184 §5) or a frame,
/// its temporal layer and layer-sync flag, and where its VP8 picture id and TL0PICIDX are, so they can be rewritten in
/// place. Packets of other codecs are one temporal layer without key-frame information. An empty payload is padding.
/// A value; parsing allocates nothing. Worker thread.
/// </summary>
internal readonly struct VideoPacketInfo
{
    public VideoCodec Codec { get; init; }
    public bool IsPadding { get; init; }
    public bool IsKeyFrameStart { get; init; }
    public bool IsFrameStart { get; init; }
    public int TemporalLayer { get; init; }
    public bool LayerSync { get; init; }

    /// <summary>The picture id (7 or 15 bits), or −1; its offset in the payload.</summary>
    public int PictureId { get; init; }
    public bool LongPictureId { get; init; }
    public int PictureIdOffset { get; init; }

    /// <summary>TL0PICIDX, or −1; its offset in the payload.</summary>
    public int Tl0PicIdx { get; init; }
    public int Tl0PicIdxOffset { get; init; }

    /// <summary>The smaller dimension of a VP8 key frame, or 0.</summary>
    public int KeyFrameHeight { get; init; }

    /// <summary>Reads <paramref name="payload"/> as <paramref name="codec"/>; false (malformed) when a VP8 payload
    /// descriptor is truncated.</summary>
    public static bool TryParse(VideoCodec codec, ReadOnlySpan<byte> payload, out VideoPacketInfo info)
    {
        info = new VideoPacketInfo { Codec = codec, PictureId = -1, Tl0PicIdx = -1 };
        if (payload.IsEmpty)
        {
            info = info with { IsPadding = true };
            return true;
        }
        switch (codec)
        {
            case VideoCodec.Vp8:
                if (!Vp8PayloadDescriptor.TryParse(payload, out var d))
                {
                    return false;
                }
                var pictureIdOffset = d.HasExtensionByte ? 2 : 1;
                var key = Vp8PayloadDescriptor.TryGetKeyFrameSize(payload, out var width, out var height);
                info = info with
                {
                    IsFrameStart = d.IsStartOfFrame,
                    IsKeyFrameStart = key || Vp8PayloadDescriptor.IsKeyFrame(payload),
                    KeyFrameHeight = key ? Math.Min(width, height) : 0,
                    TemporalLayer = d.HasTid ? d.Tid : 0,
                    LayerSync = d.LayerSync,
                    PictureId = d.HasPictureId ? d.PictureId : -1,
                    LongPictureId = d.HasLongPictureId,
                    PictureIdOffset = pictureIdOffset,
                    Tl0PicIdx = d.HasTl0PicIdx ? d.Tl0PicIdx : -1,
                    Tl0PicIdxOffset = pictureIdOffset + (d.HasPictureId ? (d.HasLongPictureId ? 2 : 1) : 0),
                };
                return true;
            case VideoCodec.H264:
                var keyFrame = H264.IsKeyFrame(payload);
                info = info with { IsKeyFrameStart = keyFrame, IsFrameStart = keyFrame };
                return true;
            default:
                return true;
        }
    }

    /// <summary>Writes the receiver's values into an RTP packet in place: SSRC, sequence number, timestamp and, when
    /// the payload has them, the VP8 picture id (keeping its 7- or 15-bit width) and TL0PICIDX.</summary>
    public void Rewrite(Span<byte> packet, int payloadOffset, uint ssrc, in ProjectedHeader header)
    {
        RtpPacket.WriteSsrc(packet, ssrc);
        RtpPacket.WriteSequenceNumber(packet, header.SequenceNumber);
        RtpPacket.WriteTimestamp(packet, header.Timestamp);
        if (PictureId >= 0 && header.PictureId >= 0)
        {
            var at = packet[(payloadOffset + PictureIdOffset)..];
            if (LongPictureId)
            {
                BinaryPrimitives.WriteUInt16BigEndian(at, (ushort)(0x8000 | (header.PictureId & 0x7FFF)));
            }
            else
            {
                at[0] = (byte)(header.PictureId & 0x7F);
            }
        }
        if (Tl0PicIdx >= 0 && header.Tl0PicIdx >= 0)
        {
            packet[payloadOffset + Tl0PicIdxOffset] = (byte)header.Tl0PicIdx;
        }
    }
}

/// <summary>The header values one receiver sees for a packet (−1: field absent).</summary>
internal readonly record struct ProjectedHeader(ushort SequenceNumber, uint Timestamp, int PictureId, int Tl0PicIdx);
