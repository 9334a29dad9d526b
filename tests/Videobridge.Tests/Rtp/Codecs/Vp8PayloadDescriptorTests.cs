using Jitsi.Net.Videobridge.Rtp.Codecs;

namespace Jitsi.Net.Videobridge.Tests.Rtp.Codecs;

public sealed class Vp8PayloadDescriptorTests
{
    // Chromium simulcast: 15-bit picture id, TL0PICIDX and TID; key frame start (RFC 7741 §4.2, §4.3).
    private static readonly byte[] LongIdKeyFrame =
    [
        0x90, 0xE0, 0x92, 0x34, // X=1 N=0 S=1 PID=0 | I=1 L=1 T=1 K=0 | M=1 picture id 0x1234…
        0x56, 0x20, 0x50, 0x02, // …| TL0PICIDX 0x56 | TID=0 Y=1 KEYIDX=0 | VP8 frame tag: P=0 (key frame)…
        0x00, 0x9D, 0x01, 0x2A, // …frame tag | key frame start code 0x9D012A (RFC 6386 §9.1)
    ];

    // 7-bit picture id, no TL0PICIDX, TID=2 with K set, an inter frame continuation.
    private static readonly byte[] ShortIdNonKey =
    [
        0xA1, 0xB0, 0x45, 0x9A, // X=1 N=1 S=0 PID=1 | I=1 L=0 T=1 K=1 | M=0 picture id 0x45 | TID=2 Y=0 KEYIDX=26
        0x01, 0x02, 0x03,       // partition data
    ];

    // The shortest form: no X byte; start of an inter frame.
    private static readonly byte[] MinimalInterFrame =
    [
        0x10, 0x31, 0x02, 0x00, // X=0 S=1 PID=0 | VP8 frame tag: P=1 (inter frame) …
    ];

    private static readonly (byte[] Payload, Vp8PayloadDescriptor Expected, bool KeyFrame)[] Vectors =
    [
        (LongIdKeyFrame, new() { HasExtensionByte = true, IsStartOfPartition = true, HasPictureId = true, HasLongPictureId = true, PictureId = 0x1234,
            HasTl0PicIdx = true, Tl0PicIdx = 0x56, HasTid = true, LayerSync = true, Length = 6 }, true),
        (ShortIdNonKey, new() { HasExtensionByte = true, IsNonReference = true, PartitionIndex = 1, HasPictureId = true, PictureId = 0x45,
            HasTid = true, Tid = 2, HasKeyIdx = true, KeyIdx = 26, Length = 4 }, false),
        (MinimalInterFrame, new() { IsStartOfPartition = true, PictureId = Vp8PayloadDescriptor.NoPictureId, Length = 1 }, false),
    ];

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void ParseAssertWriteSameBytes(int vector)
    {
        var (payload, expected, keyFrame) = Vectors[vector];
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var d));
        Assert.Equal(expected, d);
        Assert.Equal(keyFrame, Vp8PayloadDescriptor.IsKeyFrame(payload));
        var written = new byte[8];
        Assert.True(d.TryWrite(written, out var length));
        Assert.Equal(d.Length, length);
        Assert.Equal(payload[..length], written[..length]);
    }

    [Fact]
    public void KeyFrameHeader_GivesWidthAndHeight()
    {
        // Descriptor (no X byte, S=1) | frame tag P=0 | start code | width 640 | height 360 with scale bits set (ignored).
        byte[] key = [0x10, 0x50, 0x02, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0x68, 0x41];
        Assert.True(Vp8PayloadDescriptor.TryGetKeyFrameSize(key, out var width, out var height));
        Assert.Equal((640, 360), (width, height));

        Assert.False(Vp8PayloadDescriptor.TryGetKeyFrameSize(MinimalInterFrame, out _, out _));
        Assert.False(Vp8PayloadDescriptor.TryGetKeyFrameSize(key.AsSpan(0, 9), out _, out _)); // truncated
        byte[] badStartCode = [.. key];
        badStartCode[4] = 0x9C;
        Assert.False(Vp8PayloadDescriptor.TryGetKeyFrameSize(badStartCode, out _, out _));
        byte[] notFirst = [.. key];
        notFirst[0] = 0x00; // S=0: a continuation carries no header
        Assert.False(Vp8PayloadDescriptor.TryGetKeyFrameSize(notFirst, out _, out _));
    }

    [Fact]
    public void EmptyExtensionByteIsKept()
    {
        byte[] payload = [0x90, 0x00, 0x10]; // X=1 S=1 | I=L=T=K=0 | VP8 frame tag: P=0
        Assert.True(Vp8PayloadDescriptor.TryParse(payload, out var d));
        Assert.Equal(2, d.Length);
        Assert.True(Vp8PayloadDescriptor.IsKeyFrame(payload));
        var written = new byte[2];
        Assert.True(d.TryWrite(written, out var length));
        Assert.Equal(payload[..2], written[..length]);
    }

    [Fact]
    public void StartOfFrameNeedsPartitionZero()
    {
        Assert.True(Vp8PayloadDescriptor.TryParse(LongIdKeyFrame, out var first));
        Assert.True(first.IsStartOfFrame);
        Assert.True(Vp8PayloadDescriptor.TryParse([0x11, 0x00], out var secondPartition));
        Assert.True(secondPartition.IsStartOfPartition);
        Assert.False(secondPartition.IsStartOfFrame);
        Assert.False(Vp8PayloadDescriptor.IsKeyFrame([0x11, 0x00]));
    }

    [Fact]
    public void RewritesKeepTheWidth()
    {
        var payload = (byte[])LongIdKeyFrame.Clone();
        Assert.True(Vp8PayloadDescriptor.TryWritePictureId(payload, 0x8001)); // wraps to 15 bits
        Assert.True(Vp8PayloadDescriptor.TryWriteTl0PicIdx(payload, 0xFF));
        Assert.Equal([0x90, 0xE0, 0x80, 0x01, 0xFF, 0x20], payload[..6]);

        var shortId = (byte[])ShortIdNonKey.Clone();
        Assert.True(Vp8PayloadDescriptor.TryWritePictureId(shortId, 200)); // wraps to 7 bits: 72
        Assert.Equal(72, shortId[2]);
        Assert.False(Vp8PayloadDescriptor.TryWriteTl0PicIdx(shortId, 1));
        Assert.False(Vp8PayloadDescriptor.TryWritePictureId(MinimalInterFrame.ToArray(), 1));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x80 })] // X set, no extension byte
    [InlineData(new byte[] { 0x80, 0x80 })] // I set, no picture id
    [InlineData(new byte[] { 0x80, 0x80, 0x80 })] // M set, second byte missing
    [InlineData(new byte[] { 0x80, 0x40 })] // L set, no TL0PICIDX
    [InlineData(new byte[] { 0x80, 0x10 })] // K set, no TID/KEYIDX byte
    public void TruncatedDescriptorsAreRejected(byte[] payload)
    {
        Assert.False(Vp8PayloadDescriptor.TryParse(payload, out _));
        Assert.False(Vp8PayloadDescriptor.IsKeyFrame(payload));
    }
}
