using Jitsi.Net.Benchmarks;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary>The setup of <c>RouteBenchmarks</c> forwards every packet it routes to every receiver — SRTP-protected
/// and handed to the send delegate — with nothing dropped and nothing allocated, so the benchmark measures the
/// forwarding path and not a drop path.</summary>
public sealed class RouteFanOutTests
{
    [Theory]
    [InlineData(1, MediaType.Video)]
    [InlineData(10, MediaType.Video)]
    [InlineData(1, MediaType.Audio)]
    [InlineData(10, MediaType.Audio)]
    public void EveryPacket_IsForwardedToEveryReceiver_WithoutAllocating(int receivers, MediaType media)
    {
        using var fanOut = new RouteFanOut(receivers, media);
        const int warmUp = 50;
        const int packets = 500;
        for (var i = 0; i < warmUp; i++)
        {
            fanOut.RouteNext();
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < packets; i++)
        {
            fanOut.RouteNext();
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var counters = fanOut.Counters;
        Assert.Equal((warmUp + packets) * receivers, counters.RtpForwarded);
        Assert.Equal(0, counters.DroppedNotSelected);
        Assert.Equal(0, counters.DroppedNoVideoConstraints);
        Assert.Equal(0, counters.DroppedSimulcastLayer);
        Assert.Equal(0, counters.DroppedDuplicate);
        Assert.Equal(0, counters.DroppedMalformed);
        Assert.Equal(0, counters.DroppedUnparsable);
        var tag = 16;
        var payload = media == MediaType.Video ? RouteFanOut.VideoPacketBytes : RouteFanOut.AudioPacketBytes;
        Assert.All(fanOut.Transports, t =>
        {
            Assert.Equal(warmUp + packets, t.PacketsSent);
            // Every packet left SRTP-protected: at least the plaintext plus the GCM tag.
            Assert.True(t.BytesSent >= (long)(warmUp + packets) * (payload + tag), $"{t.BytesSent} bytes");
        });
        Assert.Equal(0, allocated);
    }
}
