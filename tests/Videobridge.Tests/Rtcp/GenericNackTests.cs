using Jitsi.Net.Videobridge.Rtcp;

namespace Jitsi.Net.Videobridge.Tests.Rtcp;

public sealed class GenericNackTests
{
    [Fact]
    public void ExpandsPidAndBlpAcrossTheWrap()
    {
        Assert.True(GenericNack.TryParse(RtcpVectors.Nack, out var nack));
        Assert.Equal(1u, nack.SenderSsrc);
        Assert.Equal(0x11223344u, nack.MediaSsrc);
        var lost = new List<int>();
        foreach (var sequenceNumber in nack)
        {
            lost.Add(sequenceNumber);
        }
        Assert.Equal([100, 101, 103, 65535, 15], lost);
        var written = new byte[20];
        Assert.True(nack.TryWrite(written, out var length));
        Assert.Equal(RtcpVectors.Nack, written[..length]);
    }

    [Fact]
    public void BuildsTheSameBytesFromSequenceNumbers()
    {
        ushort[] lost = [100, 101, 103, 65535, 15];
        Assert.Equal(20, GenericNack.GetLength(lost));
        var written = new byte[20];
        Assert.True(GenericNack.TryWrite(written, 1, 0x11223344, lost, out var length));
        Assert.Equal(RtcpVectors.Nack, written[..length]);
        Assert.False(GenericNack.TryWrite(written, 1, 2, [], out _));
    }

    [Fact]
    public void SeventeenApartNeedsTwoWords() => Assert.Equal(12 + 8, GenericNack.GetLength([10, 27]));

    [Fact]
    public void EmptyOrRaggedFciIsRejected()
    {
        Assert.False(GenericNack.TryParse(RtcpVectors.Pli, out _)); // PSFB, not RTPFB
        byte[] empty = [0x81, 0xCD, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2];
        Assert.False(GenericNack.TryParse(empty, out _));
        Assert.False(GenericNack.TryParse(RtcpVectors.Nack.AsSpan(0, 16), out _)); // length word past the end
    }
}
