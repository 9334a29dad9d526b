using BenchmarkDotNet.Attributes;
using Jitsi.Net.Videobridge.Rtcp;

namespace Jitsi.Net.Benchmarks;

/// <summary>Compound RTCP parsing as the Worker sees it from browsers, and transport-cc feedback of 100 packets.</summary>
[MemoryDiagnoser]
public class RtcpBenchmarks
{
    private readonly TransportFeedbackEntry[] _entries = new TransportFeedbackEntry[100];
    private readonly TransportFeedbackEntry[] _parsed = new TransportFeedbackEntry[100];
    private readonly byte[] _scratch = new byte[1500];
    private byte[] _srSdes = [];
    private byte[] _rrNackRemb = [];
    private byte[] _feedback = [];

    [GlobalSetup]
    public void Setup()
    {
        var buffer = new byte[1500];
        var sr = new SenderReport(0x11223344, 0xE83C5A12_80000000ul, 86400, 1000, 1_000_000,
            ReportBlocks.Write([new ReportBlock(0x55667788, 0, 0, 1000, 5, 0, 0)], new byte[ReportBlock.Size]));
        sr.TryWrite(buffer, out var n);
        SourceDescription.TryWriteCname(buffer.AsSpan(n), 0x11223344, "abcdEFGH12345678"u8, out var m);
        _srSdes = buffer[..(n + m)];

        new ReceiverReport(1, default).TryWrite(buffer, out n);
        GenericNack.TryWrite(buffer.AsSpan(n), 1, 0x11223344, [100, 101, 103, 140, 141], out m);
        new Remb(1, 2_500_000, SsrcList.Write([0x11223344u, 0x55667788u], new byte[8])).TryWrite(buffer.AsSpan(n + m), out var k);
        _rrNackRemb = buffer[..(n + m + k)];

        // 100 packets, a few lost, one reordered: run length, one-bit and two-bit chunks all appear.
        for (var i = 0; i < _entries.Length; i++)
        {
            var lost = i % 17 == 5;
            var delta = i == 60 ? -8 : i == 61 ? 400 : 20;
            _entries[i] = new TransportFeedbackEntry((ushort)(65500 + i), !lost, lost ? 0 : delta);
        }
        if (!TransportFeedbackBuilder.TryWrite(buffer, 1, 0x11223344, 1000, 7, _entries, out n)
            || !RtcpCompound.IsValid(_srSdes, out var a) || a != 2 || !RtcpCompound.IsValid(_rrNackRemb, out var b) || b != 3)
        {
            throw new InvalidOperationException("benchmark input did not build");
        }
        _feedback = buffer[..n];
        if (TransportFeedbackParse100() != 94)
        {
            throw new InvalidOperationException("transport-cc input did not parse");
        }
    }

    [Benchmark]
    public long SenderReportAndSdes()
    {
        long sum = 0;
        var compound = new RtcpCompound(_srSdes);
        while (compound.TryReadNext(out var header, out var packet))
        {
            if (header.PacketType == RtcpPacketType.SenderReport && SenderReport.TryParse(packet, out var sr))
            {
                sum += sr.CompactNtp + sr.ReportBlocks[0].Jitter;
            }
            else if (header.PacketType == RtcpPacketType.SourceDescription && SourceDescription.TryParse(packet, out var sdes))
            {
                foreach (var chunk in sdes)
                {
                    sum += chunk.TryGetItem(SdesItem.Cname, out var cname) ? cname.Length : 0;
                }
            }
        }
        return sum;
    }

    [Benchmark]
    public long ReceiverReportNackAndRemb()
    {
        long sum = 0;
        var compound = new RtcpCompound(_rrNackRemb);
        while (compound.TryReadNext(out var header, out var packet))
        {
            sum += header.PacketType switch
            {
                RtcpPacketType.ReceiverReport => ReceiverReport.TryParse(packet, out var rr) ? rr.Ssrc : 0,
                RtcpPacketType.TransportFeedback => GenericNack.TryParse(packet, out var nack) ? SumLost(nack) : 0,
                RtcpPacketType.PayloadFeedback => Remb.TryParse(packet, out var remb) ? (long)remb.BitrateBps : 0,
                _ => 0,
            };
        }
        return sum;
    }

    private static long SumLost(GenericNack nack)
    {
        long sum = 0;
        foreach (var sequenceNumber in nack)
        {
            sum += sequenceNumber;
        }
        return sum;
    }

    [Benchmark]
    public int TransportFeedbackParse100()
    {
        var compound = new RtcpCompound(_feedback);
        var received = 0;
        while (compound.TryReadNext(out _, out var packet))
        {
            if (TransportFeedback.TryParse(packet, out var feedback) && feedback.TryGetEntries(_parsed, out var count))
            {
                for (var i = 0; i < count; i++)
                {
                    received += _parsed[i].Received ? 1 : 0;
                }
            }
        }
        return received;
    }

    [Benchmark]
    public int TransportFeedbackBuild100() =>
        TransportFeedbackBuilder.TryWrite(_scratch, 1, 0x11223344, 1000, 7, _entries, out var written) ? written : -1;
}
