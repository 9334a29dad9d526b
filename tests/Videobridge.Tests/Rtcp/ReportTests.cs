using Jitsi.Net.Videobridge.Rtcp;

namespace Jitsi.Net.Videobridge.Tests.Rtcp;

public sealed class ReportTests
{
    [Fact]
    public void SenderReportParsesAndWritesSameBytes()
    {
        Assert.True(SenderReport.TryParse(RtcpVectors.SenderReport, out var sr));
        Assert.Equal(0x11223344u, sr.Ssrc);
        Assert.Equal(0xE83C5A12_80000000ul, sr.NtpTimestamp);
        Assert.Equal(0x5A128000u, sr.CompactNtp);
        Assert.Equal(86400u, sr.RtpTimestamp);
        Assert.Equal(1000u, sr.PacketCount);
        Assert.Equal(1_000_000u, sr.OctetCount);
        Assert.Equal(1, sr.ReportBlocks.Count);
        var expected = new ReportBlock(0x55667788, 25, -2, 0x0001_1234, 32, 0x5A128000, 0x0001_0000);
        Assert.Equal(expected, sr.ReportBlocks[0]);

        var written = new byte[64];
        Assert.True(sr.TryWrite(written, out var length));
        Assert.Equal(RtcpVectors.SenderReport, written[..length]);
    }

    [Fact]
    public void SenderReportBuiltFromValues()
    {
        Span<byte> scratch = stackalloc byte[ReportBlock.Size];
        var blocks = ReportBlocks.Write([new ReportBlock(0x55667788, 25, -2, 0x0001_1234, 32, 0x5A128000, 0x0001_0000)], scratch);
        var sr = new SenderReport(0x11223344, 0xE83C5A12_80000000ul, 86400, 1000, 1_000_000, blocks);
        var written = new byte[64];
        Assert.True(sr.TryWrite(written, out var length));
        Assert.Equal(RtcpVectors.SenderReport, written[..length]);
        Assert.False(sr.TryWrite(new byte[51], out _));
    }

    [Fact]
    public void ReceiverReportWithoutBlocks()
    {
        Assert.True(ReceiverReport.TryParse(RtcpVectors.EmptyReceiverReport, out var rr));
        Assert.Equal(1u, rr.Ssrc);
        Assert.Equal(0, rr.ReportBlocks.Count);
        var written = new byte[8];
        Assert.True(rr.TryWrite(written, out var length));
        Assert.Equal(RtcpVectors.EmptyReceiverReport, written[..length]);
    }

    [Fact]
    public void ReceiverReportWithTwoBlocks()
    {
        byte[] vector =
        [
            0x82, 0xC9, 0x00, 0x0D, // V=2 P=0 RC=2 | PT=201 (RR) | length 13 → 56 bytes
            0x00, 0x00, 0x00, 0x01, // SSRC of packet sender
            0x00, 0x00, 0x00, 0x0A, // block 1: SSRC 10
            0x00, 0x00, 0x00, 0x00, // no loss
            0x00, 0x00, 0x00, 0x64, // highest sequence 100
            0x00, 0x00, 0x00, 0x05, // jitter 5
            0x00, 0x00, 0x00, 0x00, // no SR seen yet: LSR 0
            0x00, 0x00, 0x00, 0x00, // DLSR 0
            0x00, 0x00, 0x00, 0x0B, // block 2: SSRC 11
            0xFF, 0x7F, 0xFF, 0xFF, // fraction lost 255/256 | cumulative lost 8388607 (the 24-bit maximum)
            0x00, 0x00, 0xFF, 0xFF, // highest sequence 65535
            0x00, 0x00, 0x01, 0x00, // jitter 256
            0x12, 0x34, 0x56, 0x78, // LSR
            0x00, 0x00, 0x80, 0x00, // DLSR 0.5 s
        ];
        Assert.True(ReceiverReport.TryParse(vector, out var rr));
        var ssrcs = new List<uint>();
        foreach (var block in rr.ReportBlocks)
        {
            ssrcs.Add(block.Ssrc);
        }
        Assert.Equal([10u, 11u], ssrcs);
        Assert.Equal(ReportBlock.MaxCumulativeLost, rr.ReportBlocks[1].CumulativeLost);
        Assert.Equal(255, rr.ReportBlocks[1].FractionLost);
        var written = new byte[64];
        Assert.True(rr.TryWrite(written, out var length));
        Assert.Equal(vector, written[..length]);
    }

    [Fact]
    public void ReportCountPastTheLengthIsRejected()
    {
        var vector = (byte[])RtcpVectors.SenderReport.Clone();
        vector[0] = 0x82; // RC=2 with room for one block
        Assert.False(SenderReport.TryParse(vector, out _));
        var rr = (byte[])RtcpVectors.EmptyReceiverReport.Clone();
        rr[0] = 0x81;
        Assert.False(ReceiverReport.TryParse(rr, out _));
        Assert.False(ReceiverReport.TryParse(RtcpVectors.SenderReport, out _)); // wrong type
        Assert.False(SenderReport.TryParse(RtcpVectors.SenderReport.AsSpan(0, 51), out _));
    }
}
