using Jitsi.Net.Videobridge.Rtp;

namespace Jitsi.Net.Videobridge.Tests.Rtp;

public sealed class RtpPacketTests
{
    // An Opus packet as Chromium sends it: one-byte extensions (RFC 8285 §4.2) audio level and transport-cc.
    private static readonly byte[] OneByte =
    [
        0x90, 0xEF, 0x12, 0x34, // V=2 P=0 X=1 CC=0 | M=1 PT=111 | sequence number 0x1234
        0x00, 0x01, 0xE2, 0x40, // timestamp 123456
        0x11, 0x22, 0x33, 0x44, // SSRC 0x11223344
        0xBE, 0xDE, 0x00, 0x02, // profile 0xBEDE (one-byte) | length 2 words
        0x10, 0xA5, 0x51, 0x01, // id=1 L=0: V=1 level=37 (RFC 6464) | id=5 L=1: transport-wide seq 0x01…
        0x02, 0x00, 0x00, 0x00, // …0x02 → 0x0102 | padding 0, 0, 0
        0xDE, 0xAD, 0xBE, 0xEF, // payload
    ];

    // Video with two CSRCs, two-byte extensions (RFC 8285 §4.3) carrying a rid and an empty element, and padding.
    private static readonly byte[] TwoByte =
    [
        0xB2, 0x60, 0xFF, 0xFF, // V=2 P=1 X=1 CC=2 | M=0 PT=96 | sequence number 65535
        0xFF, 0xFF, 0xFF, 0xFE, // timestamp 0xFFFFFFFE
        0x00, 0x00, 0x00, 0x01, // SSRC 1
        0x00, 0x00, 0x00, 0x0A, // CSRC[0] 10
        0x00, 0x00, 0x00, 0x0B, // CSRC[1] 11
        0x10, 0x00, 0x00, 0x02, // profile 0x1000 (two-byte, appbits 0) | length 2 words
        0x0B, 0x00, 0x0A, 0x01, // id=11 len=0 (empty value, §4.3) | id=10 len=1…
        0x68, 0x00, 0x00, 0x00, // …'h' (a rid) | padding 0, 0, 0
        0x01, 0x02, 0x03, 0x00, // payload 1 2 3 | padding byte
        0x00, 0x00, 0x00, 0x05, // padding … | padding count 5 (RFC 3550 §5.1)
    ];

    [Fact]
    public void OneByteExtensionsParse()
    {
        Assert.True(RtpPacket.TryParse(OneByte, out var packet));
        Assert.Equal(2, packet.Version);
        Assert.False(packet.HasPadding);
        Assert.True(packet.HasExtension);
        Assert.True(packet.Marker);
        Assert.Equal(111, packet.PayloadType);
        Assert.Equal(0x1234, packet.SequenceNumber);
        Assert.Equal(123456u, packet.Timestamp);
        Assert.Equal(0x11223344u, packet.Ssrc);
        Assert.Equal(0xBEDE, packet.ExtensionProfile);
        Assert.Equal(24, packet.HeaderLength);
        Assert.Equal([0xDE, 0xAD, 0xBE, 0xEF], packet.Payload.ToArray());

        Assert.True(packet.TryGetExtension(1, out var level));
        Assert.True(AudioLevelExtension.TryParse(level, out var voice, out var dbov));
        Assert.True(voice);
        Assert.Equal(37, dbov);
        Assert.True(packet.TryGetExtension(5, out var tcc));
        Assert.True(TransportSequenceNumberExtension.TryParse(tcc, out var transportSequence));
        Assert.Equal(0x0102, transportSequence);
        Assert.False(packet.TryGetExtension(2, out _));
    }

    [Fact]
    public void OneByteExtensionsRebuildToSameBytes()
    {
        Assert.True(RtpPacket.TryParse(OneByte, out var packet));
        var buffer = new byte[64];
        var builder = new RtpPacketBuilder(buffer);
        Assert.True(builder.TryWriteHeader(packet.PayloadType, packet.Marker, packet.SequenceNumber, packet.Timestamp, packet.Ssrc));
        foreach (var element in packet.GetExtensions())
        {
            Assert.True(builder.TryAddExtension(element.Id, element.Value));
        }
        Assert.True(builder.TryAppendPayload(packet.Payload));
        Assert.Equal(OneByte, builder.Written.ToArray());
    }

    [Fact]
    public void TwoByteExtensionsCsrcsAndPaddingParse()
    {
        Assert.True(RtpPacket.TryParse(TwoByte, out var packet));
        Assert.True(packet.HasPadding);
        Assert.Equal(5, packet.PaddingLength);
        Assert.Equal(2, packet.CsrcCount);
        Assert.Equal(10u, packet.GetCsrc(0));
        Assert.Equal(11u, packet.GetCsrc(1));
        Assert.Equal(65535, packet.SequenceNumber);
        Assert.Equal(0xFFFFFFFEu, packet.Timestamp);
        Assert.Equal(0x1000, packet.ExtensionProfile);
        Assert.Equal([1, 2, 3], packet.Payload.ToArray());

        var ids = new List<int>();
        foreach (var element in packet.GetExtensions())
        {
            ids.Add(element.Id);
        }
        Assert.Equal([11, 10], ids);
        Assert.True(packet.TryGetExtension(10, out var rid));
        Assert.True(SdesItemExtension.Matches(rid, "h"u8));
        Assert.False(SdesItemExtension.Matches(rid, "f"u8));
        Assert.True(packet.TryGetExtension(11, out var empty));
        Assert.True(empty.IsEmpty);
    }

    [Fact]
    public void TwoByteExtensionsRebuildToSameBytes()
    {
        Assert.True(RtpPacket.TryParse(TwoByte, out var packet));
        var buffer = new byte[64];
        var builder = new RtpPacketBuilder(buffer);
        Assert.True(builder.TryWriteHeader(packet.PayloadType, packet.Marker, packet.SequenceNumber, packet.Timestamp, packet.Ssrc, [10u, 11u]));
        // The empty element goes first: it forces the two-byte form (§4.2 has no zero-length values).
        Assert.True(builder.TryAddExtension(11, default));
        Assert.True(builder.TryAddExtension(10, "h"u8));
        Assert.True(builder.TryAppendPayload(packet.Payload));
        Assert.True(builder.TryAddPadding(5));
        Assert.Equal(TwoByte, builder.Written.ToArray());
    }

    [Fact]
    public void InPlaceSettersRewriteOnlyTheirField()
    {
        var copy = (byte[])OneByte.Clone();
        RtpPacket.WriteSsrc(copy, 0xCAFEBABE);
        RtpPacket.WriteSequenceNumber(copy, 7);
        RtpPacket.WriteTimestamp(copy, 99);
        RtpPacket.WritePayloadType(copy, 100);
        RtpPacket.WriteMarker(copy, false);
        Assert.True(RtpPacket.TryParse(copy, out var packet));
        Assert.Equal(0xCAFEBABEu, packet.Ssrc);
        Assert.Equal(7, packet.SequenceNumber);
        Assert.Equal(99u, packet.Timestamp);
        Assert.Equal(100, packet.PayloadType);
        Assert.False(packet.Marker);
        Assert.Equal(OneByte[12..], copy[12..]);
    }

    [Theory]
    [InlineData(0, 11)] // truncated fixed header
    [InlineData(1, 0)] // bad version
    [InlineData(2, 0)] // CSRC count past the end
    [InlineData(3, 0)] // extension length past the end
    [InlineData(4, 0)] // padding count larger than the payload
    [InlineData(5, 0)] // padding count zero
    [InlineData(6, 14)] // extension header cut
    public void MalformedInputIsRejected(int kind, int truncateTo)
    {
        var bytes = (byte[])OneByte.Clone();
        switch (kind)
        {
            case 1: bytes[0] = 0x50; break;
            case 2: bytes[0] = 0x8F; break;
            case 3: bytes[15] = 0x09; break;
            case 4: bytes[0] |= 0x20; bytes[^1] = 5; break;
            case 5: bytes[0] |= 0x20; bytes[^1] = 0; break;
        }
        if (truncateTo > 0)
        {
            bytes = bytes[..truncateTo];
        }
        Assert.False(RtpPacket.TryParse(bytes, out _));
    }

    [Fact]
    public void PaddingOnlyPacketHasEmptyPayload()
    {
        byte[] probe =
        [
            0xA0, 0x60, 0x00, 0x01, // V=2 P=1 X=0 CC=0 | PT=96 | seq 1
            0x00, 0x00, 0x00, 0x00, // timestamp 0
            0x00, 0x00, 0x00, 0x02, // SSRC 2
            0x00, 0x00, 0x00, 0x04, // padding 0 0 0 | count 4
        ];
        Assert.True(RtpPacket.TryParse(probe, out var packet));
        Assert.True(packet.Payload.IsEmpty);
    }
}
