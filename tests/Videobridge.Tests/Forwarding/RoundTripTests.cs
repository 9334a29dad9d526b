using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Rtcp;
using SourceDescription = Jitsi.Net.XmppComponent.Extensions.Jingle.SourceDescription;
using Jitsi.Net.Videobridge.Tests.Transport.Srtp;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary>The round trip to an endpoint (RFC 3550 §6.4.1): from the sender reports the bridge relays to it and the
/// LSR/DLSR of the report blocks it sends back; it spaces the NACK retries toward that endpoint.</summary>
public sealed class RoundTripTests
{
    private const long Frequency = 1000; // milliseconds

    [Fact]
    public void ReportBlock_NamingASentReport_GivesArrivalMinusSentMinusHeld_Smoothed()
    {
        var estimator = new RoundTripEstimator();
        estimator.OnSenderReportSent(0x1111, 0xABCD_0000, now: 1000);
        estimator.OnSenderReportSent(0x2222, 0xABCD_0000, now: 1100);

        // Held 0.5 s (DLSR in 1/65536 s), back 700 ms after it was sent: 200 ms.
        Assert.True(estimator.OnReportBlock(Block(0x1111, 0xABCD_0000, 32768), now: 1700, Frequency));
        Assert.Equal(200, estimator.Ticks);
        // The other SSRC's report, sent later: 1100 + 0.5 s + 120 ms; smoothed by an eighth.
        Assert.True(estimator.OnReportBlock(Block(0x2222, 0xABCD_0000, 32768), now: 1720, Frequency));
        Assert.Equal(200 + ((120 - 200) / 8), estimator.Ticks);

        // No report named (LSR 0), an unknown one, or one that would be negative: nothing.
        Assert.False(estimator.OnReportBlock(Block(0x1111, 0, 0), now: 2000, Frequency));
        Assert.False(estimator.OnReportBlock(Block(0x1111, 0x1234_0000, 0), now: 2000, Frequency));
        Assert.False(estimator.OnReportBlock(Block(0x1111, 0xABCD_0000, 65536 * 5), now: 2000, Frequency));
        Assert.Equal(190, estimator.Ticks);
    }

    [Fact]
    public void RelayedSenderReport_AndTheReceiversReceiverReport_GiveTheReceiversRoundTrip()
    {
        var time = new FakeTimeProvider();
        var conference = new Conference("meeting", null, time);
        var router = new ConferenceRouter(conference.FeedbackVideoSsrc, new ForwardingCounters(), time);
        var sender = new EndpointMedia(new Endpoint(conference, "sender", null), router);
        var receiver = new EndpointMedia(new Endpoint(conference, "receiver", null), router);
        using var connected = new ConnectedEndpoint(receiver, sender);
        Assert.True(EndpointSourceSet.TryCreate([new SourceDescription("sender", MediaType.Audio, "sender-a0", [0x0A0A], [])], out var sources, out _));
        sender.Sources = SourceTable.From(sources);
        router.Add(sender);
        router.Add(receiver);
        router.Events.Evaluate(time.GetTimestamp());
        router.Route(sender, SrtpPackets.Rtp(0x0A0A, 1, 100));
        Assert.Equal(1, receiver.Sent[0x0A0A].Packets);

        var buffer = new byte[100];
        Assert.True(new SenderReport(0x0A0A, 0x0000_1234_5678_0000UL, 48_000, 1, 100, default).TryWrite(buffer, out var length));
        router.OnRtcp(sender, buffer.AsSpan(0, length));
        time.Advance(TimeSpan.FromMilliseconds(300));
        // The receiver held the relayed report 250 ms (DLSR 16384/65536 s): 50 ms round trip.
        Span<byte> blocks = stackalloc byte[ReportBlock.Size];
        Assert.True(new ReceiverReport(0xBEEF, ReportBlocks.Write([Block(0x0A0A, 0x1234_5678, 16384)], blocks)).TryWrite(buffer, out length));
        router.OnRtcp(receiver, buffer.AsSpan(0, length));

        var roundTrip = TimeSpan.FromSeconds(receiver.RoundTrip.Ticks / (double)time.TimestampFrequency);
        Assert.Equal(50, roundTrip.TotalMilliseconds, 3);
        Assert.Equal(0, sender.RoundTrip.Ticks);
    }

    private static ReportBlock Block(uint ssrc, uint lastSenderReport, uint delay) => new(ssrc, 0, 0, 0, 0, lastSenderReport, delay);
}
