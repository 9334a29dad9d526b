using Jitsi.Net.Videobridge.Rtcp;

namespace Jitsi.Net.Videobridge.Tests.Rtcp;

public sealed class RtcpCompoundTests
{
    [Fact]
    public void WalksSenderReportAndSdes()
    {
        byte[] compound = [.. RtcpVectors.SenderReport, .. RtcpVectors.Cname];
        Assert.Equal([(200, 1, 52), (202, 1, 28)], Walk(compound, out var malformed));
        Assert.False(malformed);
    }

    [Fact]
    public void WalksReceiverReportNackAndRemb()
    {
        byte[] compound = [.. RtcpVectors.EmptyReceiverReport, .. RtcpVectors.Nack, .. RtcpVectors.Remb];
        Assert.Equal([(201, 0, 8), (205, 1, 20), (206, 15, 28)], Walk(compound, out var malformed));
        Assert.False(malformed);
        Assert.True(RtcpCompound.IsValid(compound, out var count));
        Assert.Equal(3, count);
    }

    [Fact]
    public void UnknownTypesArePassedOver()
    {
        byte[] compound =
        [
            .. RtcpVectors.EmptyReceiverReport,
            0x80, 0xCF, 0x00, 0x02, // V=2 | PT=207 (XR, not handled here) | length 2
            0x00, 0x00, 0x00, 0x01, // SSRC
            0x04, 0x00, 0x00, 0x00, // some report block
            .. RtcpVectors.Pli,
        ];
        Assert.Equal([(201, 0, 8), (207, 0, 12), (206, 1, 12)], Walk(compound, out var malformed));
        Assert.False(malformed);
    }

    [Fact]
    public void PaddingOnTheLastPacketIsHonoured()
    {
        byte[] compound =
        [
            .. RtcpVectors.EmptyReceiverReport,
            0xA1, 0xCE, 0x00, 0x03, // V=2 P=1 FMT=1 | PT=206 (PLI) | length 3 → 16 bytes
            0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
            0x11, 0x22, 0x33, 0x44, // SSRC of media source
            0x00, 0x00, 0x00, 0x04, // padding | padding count 4
        ];
        Assert.Equal([(201, 0, 8), (206, 1, 16)], Walk(compound, out var malformed));
        Assert.False(malformed);
        Assert.True(PictureLossIndication.TryParse(compound.AsSpan(8), out var pli));
        Assert.Equal(0x11223344u, pli.MediaSsrc);
    }

    [Theory]
    [InlineData(0)] // length word runs past the datagram
    [InlineData(1)] // bad version in the second packet
    [InlineData(2)] // padding on a packet that is not the last
    [InlineData(3)] // padding count larger than the packet
    [InlineData(4)] // a trailing partial header
    [InlineData(5)] // padding count zero
    public void MalformedCompoundsStopTheWalk(int kind)
    {
        byte[] compound = [.. RtcpVectors.EmptyReceiverReport, .. RtcpVectors.Pli];
        switch (kind)
        {
            case 0: compound[11] = 0x03; break;
            case 1: compound[8] = 0x41; break;
            case 2: compound[0] |= 0x20; compound[7] = 4; break;
            case 3: compound[8] |= 0x20; compound[^1] = 13; break;
            case 4: compound = [.. compound, 0x80, 0xC9]; break;
            case 5: compound[8] |= 0x20; compound[^1] = 0; break;
        }
        Walk(compound, out var malformed);
        Assert.True(malformed);
        Assert.False(RtcpCompound.IsValid(compound, out _));
    }

    [Fact]
    public void EmptyDatagramIsMalformed() => Assert.False(RtcpCompound.IsValid([], out _));

    private static List<(int Type, int Count, int Length)> Walk(byte[] datagram, out bool malformed)
    {
        var seen = new List<(int, int, int)>();
        var compound = new RtcpCompound(datagram);
        while (compound.TryReadNext(out var header, out var packet))
        {
            seen.Add((header.PacketType, header.Count, packet.Length));
        }
        malformed = compound.IsMalformed;
        return seen;
    }
}
