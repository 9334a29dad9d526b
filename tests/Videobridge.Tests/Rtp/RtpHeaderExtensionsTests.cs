using Jitsi.Net.Videobridge.Rtp;

namespace Jitsi.Net.Videobridge.Tests.Rtp;

public sealed class RtpHeaderExtensionsTests
{
    // A VP8 packet with three one-byte elements: abs-send-time, transport-cc and a mid.
    private static readonly byte[] Video =
    [
        0x90, 0x60, 0x00, 0x10, // V=2 X=1 | PT=96 | seq 16
        0x00, 0x00, 0x10, 0x00, // timestamp 4096
        0x00, 0x00, 0xAB, 0xCD, // SSRC 0xABCD
        0xBE, 0xDE, 0x00, 0x03, // one-byte profile | 3 words
        0x22, 0x12, 0x34, 0x56, // id=2 L=2: abs-send-time 0x123456
        0x31, 0x00, 0x07, 0x40, // id=3 L=1: transport seq 7 | id=4 L=0…
        0x30, 0x00, 0x00, 0x00, // …mid "0" | padding
        0x90, 0x10, 0x80, 0x00, // payload: VP8 descriptor and data
    ];

    // RFC 6464 §3 figure: one-byte element, ID, len=0, V bit and 7-bit level, then padding.
    private static readonly byte[] AudioOnlyLevel =
    [
        0x90, 0x6F, 0x00, 0x01, // V=2 X=1 | PT=111 | seq 1
        0x00, 0x00, 0x03, 0xC0, // timestamp 960
        0x00, 0x00, 0x00, 0x09, // SSRC 9
        0xBE, 0xDE, 0x00, 0x01, // one-byte profile | 1 word
        0x10, 0x7F, 0x00, 0x00, // id=1 len=0 | V=0 level=127 (silence) | padding
        0xFC, 0xFF, 0xFE, 0x00, // payload (Opus)
    ];

    [Fact]
    public void TypedAccessorsReadTheirValues()
    {
        Assert.True(RtpPacket.TryParse(Video, out var packet));
        Assert.True(packet.TryGetExtension(2, out var abs));
        Assert.True(AbsSendTimeExtension.TryParse(abs, out var sendTime));
        Assert.Equal(0x123456u, sendTime);
        Assert.True(packet.TryGetExtension(3, out var tcc));
        Assert.True(TransportSequenceNumberExtension.TryParse(tcc, out var seq));
        Assert.Equal(7, seq);
        Assert.True(packet.TryGetExtension(4, out var mid));
        Assert.True(SdesItemExtension.Matches(mid, "0"u8));

        Assert.True(RtpPacket.TryParse(AudioOnlyLevel, out var audio));
        Assert.True(audio.TryGetExtension(1, out var level));
        Assert.True(AudioLevelExtension.TryParse(level, out var voice, out var dbov));
        Assert.False(voice);
        Assert.Equal(127, dbov);
        Assert.Equal(0x7F, AudioLevelExtension.Encode(false, 127));
    }

    [Fact]
    public void AbsSendTimeIsSixPointEighteenSeconds()
    {
        Assert.Equal(1u << 18, AbsSendTimeExtension.FromMicroseconds(1_000_000));
        Assert.Equal(1u << 17, AbsSendTimeExtension.FromMicroseconds(64_500_000)); // wraps at 64 s
        Assert.Equal(500_000, AbsSendTimeExtension.ToMicroseconds(1u << 17));
    }

    [Fact]
    public void StripKeepsOnlyTheGivenIds()
    {
        var buffer = (byte[])Video.Clone();
        var length = RtpHeaderExtensions.Strip(buffer, buffer.Length, [3]);
        byte[] expected =
        [
            0x90, 0x60, 0x00, 0x10, // unchanged fixed header
            0x00, 0x00, 0x10, 0x00,
            0x00, 0x00, 0xAB, 0xCD,
            0xBE, 0xDE, 0x00, 0x01, // one-byte profile | now 1 word
            0x31, 0x00, 0x07, 0x00, // id=3 L=1: transport seq 7 | padding
            0x90, 0x10, 0x80, 0x00, // payload moved down
        ];
        Assert.Equal(expected, buffer[..length]);
    }

    [Fact]
    public void StripOfEveryElementRemovesTheBlock()
    {
        var buffer = (byte[])Video.Clone();
        var length = RtpHeaderExtensions.Strip(buffer, buffer.Length, []);
        Assert.Equal(16, length);
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.False(packet.HasExtension);
        Assert.Equal([0x90, 0x10, 0x80, 0x00], packet.Payload.ToArray());
    }

    [Fact]
    public void AddThenRewriteTransportSequence()
    {
        var buffer = new byte[64];
        AudioOnlyLevel.CopyTo(buffer);
        Span<byte> value = stackalloc byte[2];
        TransportSequenceNumberExtension.TryWrite(value, 0x0A0B);
        Assert.True(RtpHeaderExtensions.TryAdd(buffer, AudioOnlyLevel.Length, 5, value, out var length));
        byte[] expected =
        [
            0x90, 0x6F, 0x00, 0x01,
            0x00, 0x00, 0x03, 0xC0,
            0x00, 0x00, 0x00, 0x09,
            0xBE, 0xDE, 0x00, 0x02, // one-byte profile | grown to 2 words
            0x10, 0x7F, 0x51, 0x0A, // audio level as before | id=5 L=1: 0x0A…
            0x0B, 0x00, 0x00, 0x00, // …0x0B | padding
            0xFC, 0xFF, 0xFE, 0x00, // payload moved up
        ];
        Assert.Equal(expected, buffer[..length]);

        TransportSequenceNumberExtension.TryWrite(value, 0xFFFF);
        Assert.True(RtpHeaderExtensions.TryRewrite(buffer.AsSpan(0, length), 5, value));
        Assert.Equal(0xFF, buffer[19]);
        Assert.Equal(0xFF, buffer[20]);
        Assert.False(RtpHeaderExtensions.TryRewrite(buffer.AsSpan(0, length), 5, [1, 2, 3]));
    }

    [Fact]
    public void AddToAPacketWithoutExtensionsCreatesTheBlock()
    {
        var buffer = new byte[64];
        var builder = new RtpPacketBuilder(buffer);
        Assert.True(builder.TryWriteHeader(96, false, 1, 0, 2));
        Assert.True(builder.TryAppendPayload([0xAA, 0xBB, 0xCC, 0xDD]));
        Assert.False(RtpPacket.TryParse(builder.Written, out var plain) && plain.HasExtension);
        Assert.True(RtpHeaderExtensions.TryAdd(buffer, builder.Length, 1, [0x80], out var length));
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.Equal(RtpHeaderExtension.OneByteProfile, packet.ExtensionProfile);
        Assert.True(packet.TryGetExtension(1, out var level));
        Assert.Equal([0x80], level.ToArray());
        Assert.Equal([0xAA, 0xBB, 0xCC, 0xDD], packet.Payload.ToArray());

        // A 20-byte value does not fit the one-byte form (§4.2: at most 16 bytes).
        Assert.False(RtpHeaderExtensions.TryAdd(buffer, length, 2, new byte[20], out _));
    }

    [Fact]
    public void TwoByteBlockIsCreatedForLongValues()
    {
        byte[] plain = [0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2];
        var buffer = new byte[64];
        plain.CopyTo(buffer);
        var rid = "a-very-long-rid-value"u8;
        Assert.True(RtpHeaderExtensions.TryAdd(buffer, plain.Length, 20, rid, out var length));
        Assert.True(RtpPacket.TryParse(buffer.AsSpan(0, length), out var packet));
        Assert.Equal(RtpHeaderExtension.TwoByteProfile, packet.ExtensionProfile);
        Assert.True(packet.TryGetExtension(20, out var value));
        Assert.True(SdesItemExtension.Matches(value, rid));
        Assert.True(SdesItemExtension.IsValidRid(rid));
        Assert.False(SdesItemExtension.IsValidRid("no spaces"u8));
    }

    [Fact]
    public void BuilderCanForceTheTwoByteForm()
    {
        var buffer = new byte[32];
        var builder = new RtpPacketBuilder(buffer);
        Assert.True(builder.TryWriteHeader(96, false, 1, 0, 2));
        Assert.True(builder.TryBeginExtensions(RtpHeaderExtension.TwoByteProfile));
        Assert.True(builder.TryAddExtension(1, [0x80]));
        Assert.False(builder.TryBeginExtensions(RtpHeaderExtension.OneByteProfile));
        Assert.True(RtpPacket.TryParse(builder.Written, out var packet));
        Assert.Equal(RtpHeaderExtension.TwoByteProfile, packet.ExtensionProfile);
        Assert.Equal([0x10, 0x00, 0x00, 0x01, 0x01, 0x01, 0x80, 0x00], packet.Buffer[12..].ToArray());
    }

    [Fact]
    public void OneByteIdFifteenStopsTheWalk()
    {
        var bytes = (byte[])Video.Clone();
        bytes[20] = 0xF0; // id=15: RFC 8285 §4.2 says stop parsing here
        Assert.True(RtpPacket.TryParse(bytes, out var packet));
        Assert.True(packet.TryGetExtension(2, out _));
        Assert.False(packet.TryGetExtension(4, out _));
    }

    [Fact]
    public void OneByteIdZeroIsASinglePaddingByte()
    {
        var bytes = (byte[])Video.Clone();
        bytes[23] = 0x02; // id=0 with length bits set: still one byte of padding (RFC 8285 §4.2)
        Assert.True(RtpPacket.TryParse(bytes, out var packet));
        var ids = new List<int>();
        foreach (var element in packet.GetExtensions())
        {
            ids.Add(element.Id);
        }
        Assert.Equal([2, 3, 3], ids); // the next byte 0x30 now reads as id=3 L=0
    }

    [Fact]
    public void ElementPastTheBlockIsNotReturned()
    {
        var bytes = (byte[])Video.Clone();
        bytes[23] = 0x4F; // id=4 claims 16 bytes in a 4-byte remainder
        Assert.True(RtpPacket.TryParse(bytes, out var packet));
        Assert.False(packet.TryGetExtension(4, out _));
    }
}
