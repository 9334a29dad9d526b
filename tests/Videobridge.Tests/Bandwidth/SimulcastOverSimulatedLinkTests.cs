using System.Buffers.Binary;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Tests.Forwarding.Simulcast;
using Jitsi.Net.Videobridge.Tests.Simulation;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Xunit.Abstractions;

namespace Jitsi.Net.Videobridge.Tests.Bandwidth;

/// <summary>The estimator and the bitrate allocator together: a VP8 simulcast sender (≈ 100 kbps, 400 kbps and
/// 580 kbps encodings at 30 frames a second, temporal layers 0-2-1-2) through the real router to a connected receiver behind a simulated link that goes
/// 2.5 Mbps → 300 kbps → 2.5 Mbps. What crosses the link is decrypted and checked.</summary>
public sealed class SimulcastOverSimulatedLinkTests(ITestOutputHelper output)
{
    private static readonly uint[] Encodings = [0x1000, 0x1001, 0x1002];
    private static readonly uint[] RtxSsrcs = [0x2000, 0x2001, 0x2002];

    /// <summary>Bytes of each packet per encoding: two packets a frame on average at 30 frames a second.</summary>
    private static readonly int[] PacketBytes = [210, 830, 1200];

    [Fact]
    public void LinkDownAndUp_TheLayerFollows_WithoutAFrameGap()
    {
        using var simulation = new BandwidthSimulation(new SimulationOptions
        {
            LinkBps = 2_500_000, Loss = 0, QueueUs = 2_000_000, ConnectReceiver = true,
        });
        Configure(simulation);

        simulation.Run(TimeSpan.FromSeconds(15));
        simulation.Forward.BandwidthBps = 300_000;
        simulation.Run(TimeSpan.FromSeconds(15));
        simulation.Forward.BandwidthBps = 2_500_000;
        simulation.Run(TimeSpan.FromSeconds(25));

        var video = simulation.Delivered.Where(d => RtpPacket.TryParse(d.Packet, out var p) && p.Ssrc == Encodings[0])
            .Select(d => Describe(d.ArrivalUs, d.Packet)).ToList();
        var switches = video.Where((v, i) => i == 0 || v.Encoding != video[i - 1].Encoding).ToList();
        foreach (var change in switches)
        {
            output.WriteLine($"{change.ArrivalUs / 1e6,5:F1} s: encoding {change.Encoding} (estimate {Estimate(simulation, change.ArrivalUs) / 1000} kbps)");
        }
        foreach (var sample in simulation.Samples.Where((_, i) => i % 10 == 9))
        {
            output.WriteLine($"{sample.Seconds,5:F1} s {sample.EstimateBps / 1000,6} kbps (delay {sample.DelayBasedBps / 1000}, loss {Math.Min(sample.LossBasedBps / 1000, 99999)}, acknowledged {sample.AcknowledgedBps / 1000})");
        }
        output.WriteLine($"video kbps 10-15 s {Bitrate(video, 10, 15) / 1000:F0}, 20-30 s {Bitrate(video, 20, 30) / 1000:F0}, 45-55 s {Bitrate(video, 45, 55) / 1000:F0}");
        output.WriteLine($"{video.Count} video packets, queue drops {simulation.Forward.QueueDropped}, switch key-frame requests {simulation.Counters.KeyframeRequestsForSwitch}");

        Assert.Equal(0, simulation.Forward.QueueDropped);
        // One stream on the first SIM SSRC: every sequence number follows the one before it.
        for (var i = 1; i < video.Count; i++)
        {
            Assert.Equal((ushort)(video[i - 1].Sequence + 1), video[i].Sequence);
        }
        // Each frame's picture id follows the previous frame's: no frame is missing, across switches too.
        var frames = video.Where(v => v.FrameStart).ToList();
        for (var i = 1; i < frames.Count; i++)
        {
            Assert.Equal((frames[i - 1].PictureId + 1) & 0x7FFF, frames[i].PictureId);
        }
        // Every switch (and the first packet) is the start of a key frame of the new encoding.
        Assert.All(switches, s => Assert.True(s.KeyFrameStart, $"switch to {s.Encoding} at {s.ArrivalUs / 1e6:F2} s is not a key frame"));
        // Down: within 5 s of the drop a lower encoding, and while the link is at 300 kbps the video that gets through
        // fits it (the allocator may keep a higher encoding at a lower frame rate); up again after it recovers.
        Assert.Equal(2, Last(video, 15).Encoding);
        Assert.Contains(switches, s => s.Encoding < 2 && s.ArrivalUs is > 15_000_000 and < 20_000_000);
        Assert.InRange(Bitrate(video, 10, 15), 450_000, 700_000);
        Assert.InRange(Bitrate(video, 20, 30), 50_000, 300_000);
        Assert.InRange(Bitrate(video, 45, 55), 450_000, 700_000);
        Assert.Equal(2, Last(video, 55).Encoding);
        // The allocator asks for its best layer (encoding 2, all temporal layers), which probing works toward.
        Assert.InRange(simulation.Receiver.DesiredBitrateBps, 450_000, 750_000);
    }

    private static void Configure(BandwidthSimulation simulation)
    {
        var groups = new List<SsrcGroup> { new(SourceGroupElement.Simulcast, Encodings) };
        groups.AddRange(Encodings.Select((ssrc, i) => new SsrcGroup(SourceGroupElement.FlowId, [ssrc, RtxSsrcs[i]])));
        Assert.True(EndpointSourceSet.TryCreate(
            [new SourceDescription("sender", MediaType.Video, "sender-v0", [.. Encodings, .. RtxSsrcs], groups)], out var sources, out _));
        simulation.Sender.Sources = SourceTable.From(sources);
        simulation.Sender.VideoCodecs.Add(100, "VP8");
        simulation.Receiver.Endpoint.ApplyConstraints(new(null, null, null, new VideoConstraints(-1, -1), null, null));
        simulation.Router.Events.Evaluate(simulation.Time.GetTimestamp());

        var random = new Random(5);
        var simulcast = new Vp8Simulcast(random, Encodings[0]);
        var answered = 0L;
        simulation.Media = elapsedUs =>
        {
            if (elapsedUs % 33_000 != 0)
            {
                return [];
            }
            // The sender answers the bridge's key-frame requests (its PLIs go nowhere here: its transport is not connected).
            var requested = simulation.Counters.KeyframeRequestsForSwitch;
            if (requested > answered)
            {
                answered = requested;
                for (var e = 0; e < Encodings.Length; e++)
                {
                    simulcast.RequestKeyFrame(e);
                }
            }
            return simulcast.NextFrame(random).Select(Padded).ToList();
        };
    }

    /// <summary>The generated packet filled to its encoding's size, its tag (encoding, sequence) kept last.</summary>
    private static byte[] Padded(Vp8Packet packet)
    {
        var payload = packet.Payload;
        var filler = new byte[Math.Max(PacketBytes[packet.Encoding] - 12 - payload.Length - 4, 0)];
        return Vp8Simulcast.Rtp(packet with { Payload = [.. payload, .. filler, .. payload[^4..]] });
    }

    private static Received Describe(long arrivalUs, byte[] bytes)
    {
        Assert.True(RtpPacket.TryParse(bytes, out var rtp));
        var payload = rtp.Payload;
        var start = (payload[0] & 0x10) != 0;
        return new Received(arrivalUs, rtp.SequenceNumber, BinaryPrimitives.ReadUInt16BigEndian(payload[2..]) & 0x7FFF, start,
            start && (payload[6] & 0x01) == 0, BinaryPrimitives.ReadInt32BigEndian(payload[^4..]) >> 16, bytes.Length);
    }

    /// <summary>Bits per second of video that arrived between two moments.</summary>
    private static double Bitrate(List<Received> video, double fromSeconds, double toSeconds) =>
        video.Where(v => v.ArrivalUs >= fromSeconds * 1e6 && v.ArrivalUs < toSeconds * 1e6).Sum(v => v.Bytes) * 8 / (toSeconds - fromSeconds);

    private static Received Last(List<Received> video, double seconds) => video.Last(v => v.ArrivalUs < seconds * 1e6);

    private static long Estimate(BandwidthSimulation simulation, long atUs) =>
        simulation.Samples.LastOrDefault(s => s.Seconds * 1e6 <= atUs).EstimateBps;

    private readonly record struct Received(long ArrivalUs, ushort Sequence, int PictureId, bool FrameStart, bool KeyFrameStart, int Encoding, int Bytes);
}
