namespace Jitsi.Net.Videobridge.Rtp.Codecs;

/// <summary>The VP8 payload descriptor (RFC 7741 §4.2) at the start of every VP8 RTP payload: the fields the
/// bridge needs to pick simulcast and temporal layers and to rewrite picture ids per receiver.
/// A value parsed on the Worker thread; the static writers edit a payload in place.</summary>
internal readonly struct Vp8PayloadDescriptor
{
    /*  RFC 7741 §4.2:
               0 1 2 3 4 5 6 7
              +-+-+-+-+-+-+-+-+
              |X|R|N|S|R| PID | (REQUIRED)
              +-+-+-+-+-+-+-+-+
         X:   |I|L|T|K| RSV   | (OPTIONAL)
              +-+-+-+-+-+-+-+-+
         I:   |M| PictureID   | (OPTIONAL)
              +-+-+-+-+-+-+-+-+
              |   PictureID   | (second byte when M = 1: 15-bit picture id)
              +-+-+-+-+-+-+-+-+
         L:   |   TL0PICIDX   | (OPTIONAL)
              +-+-+-+-+-+-+-+-+
         T/K: |TID|Y| KEYIDX  | (OPTIONAL)
              +-+-+-+-+-+-+-+-+
    */
    public const int NoPictureId = -1;

    /// <summary>X: the extension byte is present. Implied by any of I, L, T, K; a sender may also send it with
    /// all four clear, and it is kept so the descriptor length does not change.</summary>
    public bool HasExtensionByte { get; init; }

    public bool IsNonReference { get; init; }
    public bool IsStartOfPartition { get; init; }
    public int PartitionIndex { get; init; }
    public bool HasPictureId { get; init; }
    public bool HasLongPictureId { get; init; }
    public int PictureId { get; init; }
    public bool HasTl0PicIdx { get; init; }
    public byte Tl0PicIdx { get; init; }
    public bool HasTid { get; init; }
    public int Tid { get; init; }
    public bool LayerSync { get; init; }
    public bool HasKeyIdx { get; init; }
    public int KeyIdx { get; init; }

    /// <summary>Descriptor bytes: where the VP8 payload header begins.</summary>
    public int Length { get; init; }

    /// <summary>S = 1 and PID = 0: the first packet of a frame (§4.2).</summary>
    public bool IsStartOfFrame => IsStartOfPartition && PartitionIndex == 0;

    private bool IsExtended => HasExtensionByte || HasPictureId || HasTl0PicIdx || HasTid || HasKeyIdx;

    public static bool TryParse(ReadOnlySpan<byte> payload, out Vp8PayloadDescriptor descriptor)
    {
        descriptor = default;
        if (payload.IsEmpty)
        {
            return false;
        }
        var first = payload[0];
        var offset = 1;
        bool hasI = false, hasL = false, hasT = false, hasK = false;
        if ((first & 0x80) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }
            hasI = (payload[1] & 0x80) != 0;
            hasL = (payload[1] & 0x40) != 0;
            hasT = (payload[1] & 0x20) != 0;
            hasK = (payload[1] & 0x10) != 0;
            offset = 2;
        }
        var pictureId = NoPictureId;
        var longId = false;
        if (hasI)
        {
            if (payload.Length <= offset)
            {
                return false;
            }
            longId = (payload[offset] & 0x80) != 0;
            if (longId && payload.Length <= offset + 1)
            {
                return false;
            }
            pictureId = longId ? ((payload[offset] & 0x7F) << 8) | payload[offset + 1] : payload[offset];
            offset += longId ? 2 : 1;
        }
        byte tl0 = 0;
        if (hasL)
        {
            if (payload.Length <= offset)
            {
                return false;
            }
            tl0 = payload[offset++];
        }
        var tkByte = 0;
        if (hasT || hasK)
        {
            if (payload.Length <= offset)
            {
                return false;
            }
            tkByte = payload[offset++];
        }
        descriptor = new Vp8PayloadDescriptor
        {
            HasExtensionByte = (first & 0x80) != 0,
            IsNonReference = (first & 0x20) != 0,
            IsStartOfPartition = (first & 0x10) != 0,
            PartitionIndex = first & 0x07,
            HasPictureId = hasI,
            HasLongPictureId = longId,
            PictureId = pictureId,
            HasTl0PicIdx = hasL,
            Tl0PicIdx = tl0,
            HasTid = hasT,
            Tid = hasT ? tkByte >> 6 : 0,
            LayerSync = hasT && (tkByte & 0x20) != 0,
            HasKeyIdx = hasK,
            KeyIdx = hasK ? tkByte & 0x1F : 0,
            Length = offset,
        };
        return true;
    }

    /// <summary>Whether this payload starts a key frame: first packet of the frame (S = 1, PID = 0) and the
    /// inverse key frame flag P of the VP8 payload header clear (RFC 7741 §4.3).</summary>
    public static bool IsKeyFrame(ReadOnlySpan<byte> payload) =>
        TryParse(payload, out var descriptor)
        && descriptor.IsStartOfFrame
        && payload.Length > descriptor.Length
        && (payload[descriptor.Length] & 0x01) == 0;

    /// <summary>The frame size a key frame carries: the VP8 payload header after the descriptor starts with the
    /// 3-byte frame tag (RFC 6386 §9.1: bit 0 of the first byte clear = key frame), then on key frames the start code
    /// 9D 01 2A and two little-endian 16-bit words whose low 14 bits are the width and the height (the top two bits
    /// are scaling). False for non-key frames, non-first packets and truncated payloads.</summary>
    public static bool TryGetKeyFrameSize(ReadOnlySpan<byte> payload, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (!TryParse(payload, out var descriptor) || !descriptor.IsStartOfFrame)
        {
            return false;
        }
        var header = payload[descriptor.Length..];
        if (header.Length < 10 || (header[0] & 0x01) != 0 || header[3] != 0x9D || header[4] != 0x01 || header[5] != 0x2A)
        {
            return false;
        }
        width = (header[6] | (header[7] << 8)) & 0x3FFF;
        height = (header[8] | (header[9] << 8)) & 0x3FFF;
        return true;
    }

    public int GetLength() =>
        1 + (IsExtended ? 1 : 0) + (HasPictureId ? (HasLongPictureId ? 2 : 1) : 0) + (HasTl0PicIdx ? 1 : 0) + (HasTid || HasKeyIdx ? 1 : 0);

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = GetLength();
        if (destination.Length < written)
        {
            written = 0;
            return false;
        }
        destination[0] = (byte)((IsExtended ? 0x80 : 0) | (IsNonReference ? 0x20 : 0) | (IsStartOfPartition ? 0x10 : 0) | (PartitionIndex & 0x07));
        var offset = 1;
        if (IsExtended)
        {
            destination[offset++] = (byte)((HasPictureId ? 0x80 : 0) | (HasTl0PicIdx ? 0x40 : 0) | (HasTid ? 0x20 : 0) | (HasKeyIdx ? 0x10 : 0));
        }
        if (HasPictureId)
        {
            offset += WritePictureIdBytes(destination[offset..], HasLongPictureId, PictureId);
        }
        if (HasTl0PicIdx)
        {
            destination[offset++] = Tl0PicIdx;
        }
        if (HasTid || HasKeyIdx)
        {
            destination[offset] = (byte)(((Tid & 0x03) << 6) | (LayerSync ? 0x20 : 0) | (KeyIdx & 0x1F));
        }
        return true;
    }

    /// <summary>Rewrites the picture id in place, keeping its 7- or 15-bit width (the value wraps to it), so the
    /// payload length never changes when the forwarder renumbers frames for a receiver.</summary>
    public static bool TryWritePictureId(Span<byte> payload, int pictureId)
    {
        if (!TryParse(payload, out var descriptor) || !descriptor.HasPictureId)
        {
            return false;
        }
        WritePictureIdBytes(payload[2..], descriptor.HasLongPictureId, pictureId);
        return true;
    }

    public static bool TryWriteTl0PicIdx(Span<byte> payload, byte tl0PicIdx)
    {
        if (!TryParse(payload, out var descriptor) || !descriptor.HasTl0PicIdx)
        {
            return false;
        }
        payload[2 + (descriptor.HasPictureId ? (descriptor.HasLongPictureId ? 2 : 1) : 0)] = tl0PicIdx;
        return true;
    }

    private static int WritePictureIdBytes(Span<byte> destination, bool longId, int pictureId)
    {
        if (!longId)
        {
            destination[0] = (byte)(pictureId & 0x7F);
            return 1;
        }
        destination[0] = (byte)(0x80 | ((pictureId >> 8) & 0x7F));
        destination[1] = (byte)pictureId;
        return 2;
    }
}
