using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Tests.Forwarding.Simulcast;

/// <summary>
/// A synthetic VP8 simulcast sender for tests: per encoding its own SSRC, sequence numbers, timestamps (90 kHz, one
/// frame every 3000), 15-bit picture ids and TL0PICIDX from their own random starts, temporal layers in the usual
/// 0-2-1-2 pattern, one to three packets per frame, and key frames on request. Payloads are real VP8 payload
/// descriptors (RFC 7741 §4.2) followed by a frame tag and, on key frames, the key-frame header (RFC 6386 §9.1).
/// </summary>
internal sealed class Vp8Simulcast
{
    public static readonly int[] Heights = [180, 360, 720];
    private static readonly int[] Pattern = [0, 2, 1, 2];

    private readonly Encoding[] _encodings;
    private int _frame;

    public Vp8Simulcast(Random random, uint firstSsrc = 0x1000)
    {
        _encodings = new Encoding[Heights.Length];
        for (var i = 0; i < _encodings.Length; i++)
        {
            _encodings[i] = new Encoding
            {
                Ssrc = firstSsrc + (uint)i,
                Sequence = (ushort)random.Next(65536),
                Timestamp = (uint)random.NextInt64(uint.MaxValue),
                PictureId = random.Next(0x8000),
                Tl0PicIdx = (byte)random.Next(256),
                KeyFrameWanted = true,
            };
        }
    }

    public uint Ssrc(int encoding) => _encodings[encoding].Ssrc;

    /// <summary>The next key frame of <paramref name="encoding"/> comes with its next frame.</summary>
    public void RequestKeyFrame(int encoding) => _encodings[encoding].KeyFrameWanted = true;

    /// <summary>The packets of the next frame of every encoding, encodings interleaved as they leave a browser.</summary>
    public List<Vp8Packet> NextFrame(Random random)
    {
        var packets = new List<Vp8Packet>();
        var temporalLayer = Pattern[_frame % Pattern.Length];
        for (var e = 0; e < _encodings.Length; e++)
        {
            var encoding = _encodings[e];
            var key = encoding.KeyFrameWanted;
            encoding.KeyFrameWanted = false;
            var tid = key ? 0 : temporalLayer;
            if (tid == 0)
            {
                encoding.Tl0PicIdx++;
            }
            var count = 1 + random.Next(3);
            for (var p = 0; p < count; p++)
            {
                var sequence = encoding.Sequence++;
                packets.Add(new Vp8Packet(e, _frame, encoding.Ssrc, sequence, encoding.Timestamp, encoding.PictureId, encoding.Tl0PicIdx, tid,
                    key && p == 0, p == 0, p == count - 1, Payload(p == 0, key, encoding.PictureId, encoding.Tl0PicIdx, tid, Heights[e], (e << 16) | sequence)));
            }
            encoding.Timestamp += 3000;
            encoding.PictureId = (encoding.PictureId + 1) & 0x7FFF;
        }
        _frame++;
        return packets;
    }

    /// <summary>The RTP packet of <paramref name="packet"/> (payload type 100, no extensions).</summary>
    public static byte[] Rtp(in Vp8Packet packet)
    {
        var buffer = new byte[12 + packet.Payload.Length];
        buffer[0] = 0x80;
        buffer[1] = (byte)(100 | (packet.LastOfFrame ? 0x80 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), packet.Sequence);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), packet.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), packet.Ssrc);
        packet.Payload.CopyTo(buffer, 12);
        return buffer;
    }

    /// <summary>X=1 | I=1 L=1 T=1 | M=1 15-bit picture id | TL0PICIDX | TID Y=0, then the VP8 payload header and a
    /// <paramref name="tag"/> that tells packets apart.</summary>
    public static byte[] Payload(bool start, bool key, int pictureId, byte tl0PicIdx, int tid, int height, int tag)
    {
        var payload = new List<byte>
        {
            (byte)(0x80 | (start ? 0x10 : 0)), 0xE0, (byte)(0x80 | (pictureId >> 8)), (byte)pictureId, tl0PicIdx, (byte)(tid << 6),
        };
        if (start && key)
        {
            var width = height * 16 / 9;
            payload.AddRange([0x00, 0x00, 0x00, 0x9D, 0x01, 0x2A, (byte)width, (byte)(width >> 8), (byte)height, (byte)(height >> 8)]);
        }
        else
        {
            payload.AddRange([0x01, 0x00, 0x00, 0x42, 0x42]);
        }
        payload.AddRange([(byte)(tag >> 24), (byte)(tag >> 16), (byte)(tag >> 8), (byte)tag]);
        return [.. payload];
    }

    private sealed class Encoding
    {
        public uint Ssrc;
        public ushort Sequence;
        public uint Timestamp;
        public int PictureId;
        public byte Tl0PicIdx;
        public bool KeyFrameWanted;
    }
}

/// <summary>One generated packet and what it is.</summary>
internal readonly record struct Vp8Packet(int Encoding, int Frame, uint Ssrc, ushort Sequence, uint Timestamp, int PictureId, byte Tl0PicIdx,
    int TemporalLayer, bool KeyFrameStart, bool FrameStart, bool LastOfFrame, byte[] Payload);
