using Jitsi.Net.Videobridge.Rtcp;

namespace Jitsi.Net.Videobridge.Tests.Rtcp;

public sealed class ByeTests
{
    [Fact]
    public void ParsesAndWritesSameBytes()
    {
        Assert.True(Bye.TryParse(RtcpVectors.Bye, out var bye));
        Assert.Equal(2, bye.Ssrcs.Count);
        Assert.Equal(0x11223344u, bye.Ssrcs[0]);
        Assert.Equal(0x55667788u, bye.Ssrcs[1]);
        Assert.True(bye.Ssrcs.Contains(0x55667788));
        Assert.Equal("bye"u8.ToArray(), bye.Reason.ToArray());
        var written = new byte[16];
        Assert.True(bye.TryWrite(written, out var length));
        Assert.Equal(RtcpVectors.Bye, written[..length]);
    }

    [Fact]
    public void WithoutReason()
    {
        byte[] vector =
        [
            0x81, 0xCB, 0x00, 0x01, // V=2 P=0 SC=1 | PT=203 | length 1 → 8 bytes
            0x00, 0x00, 0x00, 0x09, // SSRC 9
        ];
        Assert.True(Bye.TryParse(vector, out var bye));
        Assert.True(bye.Reason.IsEmpty);
        Span<byte> scratch = stackalloc byte[4];
        var built = new Bye(SsrcList.Write([9u], scratch), default);
        var written = new byte[8];
        Assert.True(built.TryWrite(written, out var length));
        Assert.Equal(vector, written[..length]);
    }

    [Fact]
    public void ReasonPastTheEndIsRejected()
    {
        var vector = (byte[])RtcpVectors.Bye.Clone();
        vector[12] = 4;
        Assert.False(Bye.TryParse(vector, out _));
        vector = (byte[])RtcpVectors.Bye.Clone();
        vector[0] = 0x85; // SC=5: more SSRCs than bytes
        Assert.False(Bye.TryParse(vector, out _));
    }
}
