using System.Buffers.Binary;

namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>
/// One synthetic VP8 encoding a simulated endpoint sends: its SSRC (and the RTX SSRC signalled with it in a FID group,
/// never sent), bitrate and picture size, and the state of its frames — RTP sequence, the probe's own sequence,
/// picture id and TL0PICIDX — and whether the next frame must be a key frame (the first one, and after a PLI or FIR).
/// Writes the payload descriptor of RFC 7741 §4.2 on every packet and, on a frame's first packet, the VP8 payload
/// header of RFC 6386 §9.1 (3-byte frame tag; on key frames also the start code and the 14-bit width and height), so a
/// bridge that parses VP8 sees real frame boundaries and key frames. Owned by the endpoint's generator Worker thread.
/// </summary>
internal sealed class Vp8Encoding(uint ssrc, uint rtxSsrc, long bitrateBps, int width, int height, int stream)
{
    /// <summary>Descriptor: X, I (15-bit picture id), L (TL0PICIDX), T (TID/Y/KEYIDX) — 6 bytes on every packet.</summary>
    public const int DescriptorLength = 6;

    /// <summary>Frame tag (3) + start code (3) + width and height (4) on a key frame's first packet.</summary>
    public const int MaxHeaderLength = 10;

    public uint Ssrc { get; } = ssrc;

    public uint RtxSsrc { get; } = rtxSsrc;

    public long BitrateBps { get; } = bitrateBps;

    public int Width { get; } = width;

    public int Height { get; } = height;

    /// <summary>The probe's global stream number of this encoding.</summary>
    public int Stream { get; } = stream;

    public ushort RtpSequence;
    public uint ProbeSequence;
    public bool KeyFrameRequested = true;
    public long KeyFramesSent;
    private ushort _pictureId;
    private byte _tl0PicIdx;

    /// <summary>Starts a frame: a key frame if one was asked for; advances picture id and TL0PICIDX (every frame is
    /// temporal layer 0).</summary>
    public bool StartFrame()
    {
        var key = KeyFrameRequested;
        KeyFrameRequested = false;
        if (key)
        {
            KeyFramesSent++;
        }
        _pictureId = (ushort)((_pictureId + 1) & 0x7FFF);
        _tl0PicIdx++;
        return key;
    }

    /// <summary>Writes the descriptor at the start of <paramref name="payload"/> and, on the frame's first packet, the
    /// VP8 payload header after it; returns the bytes written.</summary>
    public int WriteHeaders(Span<byte> payload, bool firstOfFrame, bool keyFrame, int frameBytes)
    {
        // RFC 7741 §4.2: |X|R|N|S|R|PID| then |I|L|T|K|RSV|, M=1 + 15-bit PictureID, TL0PICIDX, |TID|Y|KEYIDX|.
        payload[0] = (byte)(0x80 | (firstOfFrame ? 0x10 : 0));
        payload[1] = 0xE0;
        BinaryPrimitives.WriteUInt16BigEndian(payload[2..], (ushort)(0x8000 | _pictureId));
        payload[4] = _tl0PicIdx;
        payload[5] = 0x00;
        if (!firstOfFrame)
        {
            return DescriptorLength;
        }
        // RFC 6386 §9.1: frame tag, little endian: bit 0 = !key_frame, bits 1-3 version 0, bit 4 show_frame, bits 5-23
        // the first partition's size (here: the whole frame, capped to 19 bits).
        var tag = (uint)(keyFrame ? 0 : 1) | (1u << 4) | ((uint)Math.Min(frameBytes, 0x7FFFF) << 5);
        var header = payload[DescriptorLength..];
        header[0] = (byte)tag;
        header[1] = (byte)(tag >> 8);
        header[2] = (byte)(tag >> 16);
        if (!keyFrame)
        {
            return DescriptorLength + 3;
        }
        header[3] = 0x9D;
        header[4] = 0x01;
        header[5] = 0x2A;
        // 14-bit width and height, 2-bit scale 0, little endian.
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)(Width & 0x3FFF));
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], (ushort)(Height & 0x3FFF));
        return DescriptorLength + MaxHeaderLength;
    }

    /// <summary>True when <paramref name="payload"/> starts a VP8 key frame: S=1 with partition 0 in the descriptor
    /// and P=0 in the frame tag behind it (RFC 7741 §4.3).</summary>
    public static bool IsKeyFrameStart(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 1 || (payload[0] & 0x1F) != 0x10)
        {
            return false;
        }
        var offset = 1;
        if ((payload[0] & 0x80) != 0)
        {
            if (payload.Length < 2)
            {
                return false;
            }
            var x = payload[1];
            offset = 2;
            if ((x & 0x80) != 0 && payload.Length > offset)
            {
                offset += (payload[offset] & 0x80) != 0 ? 2 : 1;
            }
            offset += ((x & 0x40) != 0 ? 1 : 0) + ((x & 0x30) != 0 ? 1 : 0);
        }
        return payload.Length > offset && (payload[offset] & 0x01) == 0;
    }
}
