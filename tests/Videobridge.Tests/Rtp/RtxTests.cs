using Jitsi.Net.Videobridge.Rtp;

namespace Jitsi.Net.Videobridge.Tests.Rtp;

public sealed class RtxTests
{
    private static readonly byte[] Original =
    [
        0x90, 0xE0, 0x01, 0x00, // V=2 X=1 | M=1 PT=96 | seq 256
        0x00, 0x00, 0x20, 0x00, // timestamp 8192
        0x00, 0x00, 0x00, 0x0A, // SSRC 10
        0xBE, 0xDE, 0x00, 0x01, // one-byte profile | 1 word
        0x31, 0x00, 0x09, 0x00, // id=3 L=1: transport seq 9 | padding
        0x90, 0x10, 0x80, 0x00, // payload
    ];

    // RFC 4588 §4: same header, RTX SSRC/PT/sequence, OSN first in the payload.
    private static readonly byte[] Retransmission =
    [
        0x90, 0xE1, 0x00, 0x05, // V=2 X=1 | M=1 PT=97 | RTX seq 5
        0x00, 0x00, 0x20, 0x00, // timestamp 8192 (unchanged)
        0x00, 0x00, 0x00, 0x0B, // RTX SSRC 11
        0xBE, 0xDE, 0x00, 0x01, // extensions copied
        0x31, 0x00, 0x09, 0x00,
        0x01, 0x00, 0x90, 0x10, // OSN 256 | original payload…
        0x80, 0x00,
    ];

    [Fact]
    public void WrapThenUnwrapRoundTrips()
    {
        Assert.True(RtpPacket.TryParse(Original, out var original));
        var wrapped = new byte[64];
        Assert.True(Rtx.TryWrap(original, wrapped, 11, 97, 5, out var wrappedLength));
        Assert.Equal(Retransmission, wrapped[..wrappedLength]);

        Assert.True(RtpPacket.TryParse(wrapped.AsSpan(0, wrappedLength), out var rtx));
        Assert.True(Rtx.TryGetOriginalSequenceNumber(rtx, out var osn));
        Assert.Equal(256, osn);
        var unwrapped = new byte[64];
        Assert.True(Rtx.TryUnwrap(rtx, unwrapped, 10, 96, out var length));
        Assert.Equal(Original, unwrapped[..length]);
    }

    [Fact]
    public void PaddedRtxDropsItsPadding()
    {
        byte[] padded =
        [
            0xA0, 0x61, 0x00, 0x06, // V=2 P=1 | PT=97 | seq 6
            0x00, 0x00, 0x00, 0x01, // timestamp 1
            0x00, 0x00, 0x00, 0x0B, // SSRC 11
            0x00, 0x07, 0xAB, 0x00, // OSN 7 | payload 0xAB | padding…
            0x00, 0x00, 0x00, 0x05, // …padding | count 5
        ];
        Assert.True(RtpPacket.TryParse(padded, out var rtx));
        var unwrapped = new byte[32];
        Assert.True(Rtx.TryUnwrap(rtx, unwrapped, 10, 96, out var length));
        byte[] expected =
        [
            0x80, 0x60, 0x00, 0x07, // P cleared | PT=96 | seq 7 (the OSN)
            0x00, 0x00, 0x00, 0x01,
            0x00, 0x00, 0x00, 0x0A, // SSRC 10
            0xAB,
        ];
        Assert.Equal(expected, unwrapped[..length]);
    }

    [Fact]
    public void TooShortOrTooSmallFails()
    {
        byte[] noOsn = [0x80, 0x61, 0, 1, 0, 0, 0, 0, 0, 0, 0, 11, 0x01];
        Assert.True(RtpPacket.TryParse(noOsn, out var rtx));
        Assert.False(Rtx.TryUnwrap(rtx, new byte[64], 10, 96, out _));
        Assert.True(RtpPacket.TryParse(Original, out var original));
        Assert.False(Rtx.TryWrap(original, new byte[20], 11, 97, 1, out _));
    }
}
