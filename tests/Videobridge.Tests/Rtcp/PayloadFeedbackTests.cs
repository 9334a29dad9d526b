using Jitsi.Net.Videobridge.Rtcp;

namespace Jitsi.Net.Videobridge.Tests.Rtcp;

public sealed class PayloadFeedbackTests
{
    [Fact]
    public void PictureLossIndication()
    {
        Assert.True(Videobridge.Rtcp.PictureLossIndication.TryParse(RtcpVectors.Pli, out var pli));
        Assert.Equal(new PictureLossIndication(1, 0x11223344), pli);
        var written = new byte[12];
        Assert.True(pli.TryWrite(written, out var length));
        Assert.Equal(RtcpVectors.Pli, written[..length]);
        Assert.False(pli.TryWrite(new byte[11], out _));
        Assert.False(Videobridge.Rtcp.PictureLossIndication.TryParse(RtcpVectors.Fir, out _));
    }

    [Fact]
    public void FullIntraRequest()
    {
        Assert.True(Videobridge.Rtcp.FullIntraRequest.TryParse(RtcpVectors.Fir, out var fir));
        Assert.Equal(1u, fir.SenderSsrc);
        Assert.Equal(1, fir.Count);
        Assert.True(fir.TryGetSequenceNumber(0x11223344, out var sequenceNumber));
        Assert.Equal(7, sequenceNumber);
        Assert.False(fir.TryGetSequenceNumber(5, out _));
        var written = new byte[20];
        Assert.True(fir.TryWrite(written, out var length));
        Assert.Equal(RtcpVectors.Fir, written[..length]);
        Assert.True(Videobridge.Rtcp.FullIntraRequest.TryWrite(written, 1, 0x11223344, 7, out length));
        Assert.Equal(RtcpVectors.Fir, written[..length]);
    }

    [Fact]
    public void FullIntraRequestWithHalfAnEntryIsRejected()
    {
        var vector = RtcpVectors.Fir[..16];
        vector[3] = 0x03;
        Assert.False(Videobridge.Rtcp.FullIntraRequest.TryParse(vector, out _));
    }

    [Fact]
    public void Remb()
    {
        Assert.True(Videobridge.Rtcp.Remb.TryParse(RtcpVectors.Remb, out var remb));
        Assert.Equal(1u, remb.SenderSsrc);
        Assert.Equal(4, remb.Exponent);
        Assert.Equal(156250, remb.Mantissa);
        Assert.Equal(2_500_000ul, remb.BitrateBps);
        Assert.Equal(2, remb.Ssrcs.Count);
        Assert.Equal(0x55667788u, remb.Ssrcs[1]);
        var written = new byte[28];
        Assert.True(remb.TryWrite(written, out var length));
        Assert.Equal(RtcpVectors.Remb, written[..length]);

        Span<byte> scratch = stackalloc byte[8];
        var built = new Remb(1, 2_500_000, SsrcList.Write([0x11223344u, 0x55667788u], scratch));
        Assert.True(built.TryWrite(written, out length));
        Assert.Equal(RtcpVectors.Remb, written[..length]);
    }

    [Fact]
    public void RembRoundsDownToEighteenBitsOfMantissa()
    {
        var remb = new Remb(1, 1_000_000_007, default);
        Assert.Equal(12, remb.Exponent);
        Assert.Equal(1_000_000_007ul >> 12 << 12, remb.BitrateBps);
    }

    [Fact]
    public void RembWithBadIdentifierOrCountIsRejected()
    {
        var vector = (byte[])RtcpVectors.Remb.Clone();
        vector[15] = (byte)'X';
        Assert.False(Videobridge.Rtcp.Remb.TryParse(vector, out _));
        vector = (byte[])RtcpVectors.Remb.Clone();
        vector[16] = 3; // three SSRCs announced, two present
        Assert.False(Videobridge.Rtcp.Remb.TryParse(vector, out _));
    }
}
