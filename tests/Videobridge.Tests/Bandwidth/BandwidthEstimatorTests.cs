using System.Buffers.Binary;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Jitsi.Net.Videobridge.Bandwidth;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using Jitsi.Net.Videobridge.Rtcp;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Tests.Simulation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jitsi.Net.Videobridge.Tests.Bandwidth;

/// <summary>The estimator's inputs through the real RTCP path (<see cref="RtcpTermination"/>): REMB and
/// receiver-report loss for a receiver without transport-cc, malformed feedback counted and dropped, and nothing
/// allocated per packet sent or per feedback, the estimate in ConnectionStats; its parts on their own: the send-side history and the loss rule.</summary>
public sealed class BandwidthEstimatorTests : IDisposable
{
    private readonly BandwidthSimulation _simulation = new(new SimulationOptions());

    public void Dispose() => _simulation.Dispose();

    [Fact]
    public void WithoutTransportCc_RembIsTheEstimate_BoundedByReceiverReportLoss()
    {
        var receiver = _simulation.Receiver;
        receiver.TransportCcId = 0;
        Assert.Equal(long.MaxValue, receiver.AvailableBitrateBps);

        Deliver(Remb(800_000));
        Assert.Equal(800_000, receiver.AvailableBitrateBps);

        // RFC 3550 fraction lost 77/256 ≈ 30 %: GCC §6 cuts the loss-based rate to (1 − 0.5 × 0.3) of the estimate.
        Deliver(ReceiverReport(77));
        Assert.Equal((long)(800_000 * (1 - (0.5 * 77 / 256))), receiver.AvailableBitrateBps);
        var bounded = receiver.AvailableBitrateBps;

        Deliver(Remb(1_200_000));
        Assert.Equal(bounded, receiver.AvailableBitrateBps);

        // Under 2 % the loss-based rate grows by 5 %.
        Deliver(ReceiverReport(0));
        Assert.Equal((long)(bounded * 1.05), receiver.AvailableBitrateBps, 1.0);
        Assert.Equal(2, _simulation.Counters.RembReceived);
    }

    [Fact]
    public void OnceTransportCcArrives_RembIsIgnored()
    {
        _simulation.Run(TimeSpan.FromSeconds(2));
        var estimate = _simulation.Receiver.AvailableBitrateBps;

        Deliver(Remb(100_000));

        Assert.True(_simulation.Receiver.Bandwidth.UsesTransportCc);
        Assert.Equal(estimate, _simulation.Receiver.AvailableBitrateBps);
        Assert.NotEqual(100_000, estimate);
    }

    [Fact]
    public void MalformedTransportCc_IsCountedAndDropped()
    {
        _simulation.Run(TimeSpan.FromSeconds(1));
        var estimator = _simulation.Receiver.Bandwidth;
        var estimate = estimator.EstimateBps;
        var valid = Feedback(estimator.History.LastSequenceNumber, 3);

        var claimsTooMany = valid.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(claimsTooMany.AsSpan(14), 60_000);
        var reservedSymbol = valid.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(reservedSymbol.AsSpan(20), 0x6003); // run length chunk of symbol 3
        var noStatus = valid.ToArray();
        BinaryPrimitives.WriteUInt16BigEndian(noStatus.AsSpan(14), 0);
        var received = _simulation.Counters.TransportCcReceived;

        Deliver(claimsTooMany);
        Deliver(reservedSymbol);
        Deliver(noStatus);

        Assert.Equal(received + 3, _simulation.Counters.TransportCcReceived);
        Assert.Equal(3, _simulation.Counters.TransportCcMalformed);
        Assert.Equal(estimate, estimator.EstimateBps);
        Deliver(valid);
        Assert.Equal(3, _simulation.Counters.TransportCcMalformed);
    }

    [Fact]
    public void MutatedFeedback_NeverThrows_AndKeepsTheEstimateInBounds()
    {
        _simulation.Run(TimeSpan.FromSeconds(1));
        var valid = Feedback(_simulation.Receiver.Bandwidth.History.LastSequenceNumber, 40);
        var random = new Random(17);
        var received = _simulation.Counters.TransportCcReceived;

        for (var i = 0; i < 5_000; i++)
        {
            var mutated = valid.ToArray();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                // Header (first 4 bytes) kept so that the packet still reads as transport-cc; everything after it varies.
                mutated[4 + random.Next(mutated.Length - 4)] = (byte)random.Next(256);
            }
            Deliver(mutated);
        }

        var counters = _simulation.Counters;
        Assert.Equal(received + 5_000, counters.TransportCcReceived);
        Assert.InRange(counters.TransportCcMalformed, 1, 4_999);
        Assert.InRange(_simulation.Receiver.AvailableBitrateBps, BandwidthEstimator.MinBps, BandwidthEstimator.MaxBps);
        _simulation.Run(TimeSpan.FromSeconds(5));
        Assert.InRange(_simulation.Receiver.AvailableBitrateBps, 1_000_000, 2_875_000);
    }

    [Fact]
    public void SendingAndFeedback_AllocateNothing()
    {
        var router = _simulation.Router;
        var packets = Enumerable.Range(0, 400).Select(i => VideoPacket((ushort)i)).ToArray();
        var buffer = new byte[1600];
        SendAndReport(packets.AsSpan(0, 200), buffer, Feedback(199, 200));

        // Feedback for the next 200 sequence numbers (media and probe padding alike), written beforehand.
        var feedback = Feedback((ushort)(_simulation.Receiver.Bandwidth.History.LastSequenceNumber + 200), 200);
        var reported = _simulation.Counters.TransportCcReceived;

        var before = GC.GetAllocatedBytesForCurrentThread();
        SendAndReport(packets.AsSpan(200, 200), buffer, feedback);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(reported + 1, _simulation.Counters.TransportCcReceived);
        Assert.Equal(0, _simulation.Counters.TransportCcMalformed);
        Assert.True(_simulation.Receiver.Bandwidth.HasEstimate);
        Assert.True(_simulation.Receiver.Bandwidth.History.Count >= 400);
        Assert.True(_simulation.Counters.ProbeClustersSent > 0);
    }

    [Fact]
    public void ConnectionStats_CarriesTheEstimate()
    {
        var receiver = _simulation.Receiver;
        receiver.Endpoint.Channel = new BridgeChannelSocket(WebSocket.CreateFromStream(Stream.Null, new WebSocketCreationOptions { IsServer = true }),
            NullLogger.Instance);

        _simulation.Run(ConferenceEvents.StatsInterval + TimeSpan.FromMilliseconds(20));

        JsonObject? stats = null;
        while (receiver.Endpoint.Channel.TryTakeQueued(out var json))
        {
            var message = JsonNode.Parse(json)!.AsObject();
            stats = (string?)message["colibriClass"] == "ConnectionStats" ? message : stats;
        }
        Assert.NotNull(stats);
        Assert.NotEqual(long.MaxValue, receiver.AvailableBitrateBps);
        // The estimate at the stats tick, which is within the last 20 ms: the link (2.5 Mbps) give or take the saw-tooth.
        Assert.InRange((long)stats!["estimatedDownlinkBandwidth"]!, 2_000_000, 2_900_000);
    }

    [Fact]
    public void History_GivesEachPacketOnce_AndForgetsOldOnes()
    {
        var history = new SendSideHistory();
        history.OnSent(65_535, 1200, 1_000, -1);
        history.OnSent(0, 300, 2_000, 7);

        Assert.True(history.TryTake(0, 3_000, out var packet));
        Assert.Equal(new SentPacket(0, 2_000, 300, 7), packet);
        Assert.False(history.TryTake(0, 3_000, out _));
        Assert.False(history.TryTake(1, 3_000, out _));
        Assert.False(history.TryTake(65_535, 1_000 + SendSideHistory.MaxAgeUs + 1, out _));

        // A slot is reused after Capacity sequence numbers; the older packet is gone.
        history.OnSent(SendSideHistory.Capacity, 500, 4_000, -1);
        Assert.True(history.TryPeek(SendSideHistory.Capacity, out _));
        Assert.False(history.TryPeek(0, out _));
    }

    [Theory]
    [InlineData(15, 1_000_000 * 0.925)] // > 10 %: × (1 − 0.5 p)
    [InlineData(5, 1_000_000)] // 2–10 %: unchanged
    [InlineData(1, 1_000_000 * 1.05)] // < 2 %: × 1.05
    public void LossRule_FollowsGccSection6(int lostPercent, double expectedBps)
    {
        var loss = new LossBasedController();
        loss.OnLossFraction(0.15, 1_000_000); // start from a known 925 kbps
        var start = loss.EstimateBps;

        loss.OnPackets(lostPercent, 100, start, 0);
        Assert.Equal(start, loss.EstimateBps); // interval not complete yet
        loss.OnPackets(0, 0, start, LossBasedController.IntervalUs);

        Assert.Equal(expectedBps * start / 1_000_000, loss.EstimateBps, 1.0);
    }

    [Fact]
    public void HeavyRandomLoss_BringsTheEstimateDown_ThroughTheLossController()
    {
        using var lossy = new BandwidthSimulation(new SimulationOptions { LinkBps = 2_500_000, Loss = 0.2, OfferedBps = 10_000_000 });

        lossy.Run(TimeSpan.FromSeconds(5));

        var estimator = lossy.Receiver.Bandwidth;
        Assert.True(estimator.LossBasedBps < estimator.DelayBasedBps);
        Assert.True(estimator.EstimateBps < 1_000_000, $"{estimator.EstimateBps}");
    }

    private void SendAndReport(ReadOnlySpan<byte[]> packets, byte[] buffer, byte[] feedback)
    {
        for (var i = 0; i < packets.Length; i++)
        {
            packets[i].CopyTo(buffer, 0);
            _simulation.Router.Route(_simulation.Sender, buffer.AsSpan(0, packets[i].Length));
            _simulation.Time.Advance(TimeSpan.FromMilliseconds(1));
            if (i % 10 == 0)
            {
                _simulation.Router.Prober.OnTimer();
            }
        }
        _simulation.Router.OnRtcp(_simulation.Receiver, feedback);
    }

    /// <summary>Transport-cc feedback saying the <paramref name="count"/> packets up to <paramref name="last"/>
    /// arrived 1 ms apart.</summary>
    private static byte[] Feedback(ushort last, int count)
    {
        var arrivals = Enumerable.Range(0, count).Select(i => new PacketArrival((ushort)(last - count + 1 + i), 5_000_000 + (i * 1000L))).ToArray();
        var entries = new TransportFeedbackEntry[count];
        Assert.True(TransportFeedbackBuilder.TryGetEntries(arrivals, entries, out var referenceTime, out _));
        var packet = new byte[TransportFeedbackBuilder.GetLength(entries)];
        Assert.True(TransportFeedbackBuilder.TryWrite(packet, 0x5151, 0, referenceTime, 0, entries, out _));
        return packet;
    }

    private static byte[] Remb(ulong bitrateBps)
    {
        var packet = new byte[64];
        var scratch = new byte[4];
        Assert.True(new Remb(0x5151, bitrateBps, SsrcList.Write([BandwidthSimulation.Video], scratch)).TryWrite(packet, out var length));
        return packet[..length];
    }

    private static byte[] ReceiverReport(byte fractionLost)
    {
        var blocks = new byte[ReportBlock.Size];
        var packet = new byte[64];
        var report = new ReceiverReport(0x5151, ReportBlocks.Write([new ReportBlock(BandwidthSimulation.Video, fractionLost, 0, 100, 0, 0, 0)], blocks));
        Assert.True(report.TryWrite(packet, out var length));
        return packet[..length];
    }

    private static byte[] VideoPacket(ushort sequenceNumber)
    {
        var packet = new byte[1600];
        var builder = new RtpPacketBuilder(packet);
        Assert.True(builder.TryWriteHeader(100, false, sequenceNumber, sequenceNumber * 3000u, BandwidthSimulation.Video));
        Assert.True(builder.TryAppendPayload(new byte[1000]));
        return packet[..builder.Length];
    }

    private void Deliver(byte[] rtcp) => _simulation.Router.OnRtcp(_simulation.Receiver, rtcp);
}
