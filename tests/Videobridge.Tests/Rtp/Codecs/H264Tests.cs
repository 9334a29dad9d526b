using Jitsi.Net.Videobridge.Rtp.Codecs;

namespace Jitsi.Net.Videobridge.Tests.Rtp.Codecs;

public sealed class H264Tests
{
    [Fact]
    public void SingleNalIdrIsKey() =>
        Assert.True(H264.IsKeyFrame([0x65, 0x88, 0x84, 0x00])); // F=0 NRI=3 type=5 (IDR slice), RFC 6184 §5.6

    [Fact]
    public void SingleNalSpsIsKey() =>
        Assert.True(H264.IsKeyFrame([0x67, 0x42, 0xC0, 0x1F])); // type=7 SPS, profile 42 (baseline)

    [Fact]
    public void SingleNalNonIdrIsNotKey() =>
        Assert.False(H264.IsKeyFrame([0x41, 0x9A, 0x00])); // type=1 non-IDR slice

    [Fact]
    public void StapAWithSpsIsKey()
    {
        byte[] payload =
        [
            0x78, 0x00, 0x04, 0x67, // STAP-A (type 24, §5.7.1) | NALU 1 size 4 | SPS header…
            0x42, 0xC0, 0x1F, 0x00, // …SPS body | NALU 2 size…
            0x02, 0x68, 0xCE,       // …2 | PPS (type 8)
        ];
        Assert.True(H264.IsKeyFrame(payload));
    }

    [Fact]
    public void StapAWithoutKeyUnitsIsNotKey()
    {
        byte[] payload =
        [
            0x78, 0x00, 0x02, 0x68, // STAP-A | size 2 | PPS…
            0xCE, 0x00, 0x02, 0x06, // … | size 2 | SEI (type 6)
            0x05,
        ];
        Assert.False(H264.IsKeyFrame(payload));
    }

    [Fact]
    public void StapAWithLengthPastTheEndIsNotKey() =>
        Assert.False(H264.IsKeyFrame([0x78, 0x00, 0x09, 0x65, 0x00]));

    [Fact]
    public void FuAStartOfIdrIsKey() =>
        Assert.True(H264.IsKeyFrame([0x7C, 0x85, 0xB8, 0x00])); // FU indicator type 28 (§5.8) | S=1 E=0 type=5

    [Fact]
    public void FuAMiddleOfIdrIsNotKey() =>
        Assert.False(H264.IsKeyFrame([0x7C, 0x05, 0xB8, 0x00])); // S=0

    [Fact]
    public void FuAStartOfNonIdrIsNotKey() =>
        Assert.False(H264.IsKeyFrame([0x5C, 0x81, 0x9A])); // S=1 type=1

    [Fact]
    public void EmptyAndCutPayloadsAreNotKey()
    {
        Assert.False(H264.IsKeyFrame([]));
        Assert.False(H264.IsKeyFrame([0x7C]));
    }
}
