using Jitsi.Net.Videobridge.Forwarding;

namespace Jitsi.Net.Videobridge.Tests.Forwarding.Simulcast;

/// <summary>One receiver's projection of a VP8 simulcast source through random switches of encoding and temporal
/// layer, with losses and reordering on the way in: what comes out must look like one continuous stream.</summary>
public sealed class LayerProjectionTests
{
    private const long Frequency = 1_000_000;

    private sealed record Output(Vp8Packet Input, ProjectedHeader Header, int SendIndex);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ThousandRandomSwitches_GiveOneContinuousStream(int seed)
    {
        var random = new Random(seed);
        var sender = new Vp8Simulcast(random);
        var projection = new LayerProjection(sender.Ssrc(0), Frequency);
        var outputs = new List<Output>();
        var maxTargetLayer = new List<int>();
        var late = new List<Vp8Packet>();
        var delayed = new HashSet<(uint, ushort)>();
        var (lost, reordered, switchesAsked, now) = (0, 0, 0, 0L);
        projection.SetTarget(random.Next(3), random.Next(3));
        var frame = 0;
        while (switchesAsked < 1000)
        {
            if (random.Next(6) == 0)
            {
                switchesAsked++;
                projection.SetTarget(random.Next(3), random.Next(3));
            }
            if (projection.WantsKeyframe && random.Next(3) > 0)
            {
                sender.RequestKeyFrame(projection.TargetEncoding);
            }
            maxTargetLayer.Add(projection.TargetTemporalLayer);
            var packets = sender.NextFrame(random);
            // A late packet from earlier arrives somewhere in this frame.
            foreach (var packet in late)
            {
                packets.Insert(random.Next(packets.Count + 1), packet);
            }
            late.Clear();
            foreach (var packet in packets)
            {
                if (random.Next(50) == 0)
                {
                    lost++;
                    continue;
                }
                if (random.Next(50) == 0 && packet.Frame == frame)
                {
                    reordered++;
                    late.Add(packet);
                    delayed.Add((packet.Ssrc, packet.Sequence));
                    continue;
                }
                if (Project(projection, packet, now, out var header))
                {
                    outputs.Add(new Output(packet, header, outputs.Count));
                }
            }
            now += Frequency / 30;
            frame++;
        }

        Assert.True(projection.Switches > 300, $"only {projection.Switches} switches done");
        var extended = Extend(outputs);
        var bySequence = outputs.OrderBy(o => extended[o.SendIndex]).ToList();
        var unwrapped = bySequence.Select(o => extended[o.SendIndex]).ToList();
        // Unique, and holes only where packets were really lost or came too late to be used.
        Assert.Equal(unwrapped.Count, unwrapped.Distinct().Count());
        var holes = unwrapped[^1] - unwrapped[0] + 1 - unwrapped.Count;
        Assert.True(holes <= lost + reordered, $"{holes} holes for {lost} lost and {reordered} late packets");
        // No reordering introduced: a packet sent after one with a higher sequence number was itself late.
        var highest = long.MinValue;
        foreach (var output in outputs)
        {
            var sequence = extended[output.SendIndex];
            Assert.True(sequence > highest || delayed.Contains((output.Input.Ssrc, output.Input.Sequence)),
                $"send #{output.SendIndex} went back from {highest} to {sequence}");
            highest = Math.Max(highest, sequence);
        }
        for (var i = 1; i < bySequence.Count; i++)
        {
            var (before, after) = (bySequence[i - 1], bySequence[i]);
            var hole = unwrapped[i] - unwrapped[i - 1] > 1;
            // Timestamps never go back; a new picture id is a new timestamp, and picture ids / TL0PICIDX step by one
            // unless a whole frame was lost in a hole.
            Assert.True(Jitsi.Net.Videobridge.Rtp.RtpSequence.TimestampDistance(before.Header.Timestamp, after.Header.Timestamp) >= 0,
                $"timestamp went back at {unwrapped[i]}");
            var pictureStep = (after.Header.PictureId - before.Header.PictureId) & 0x7FFF;
            Assert.True(pictureStep is 0 or 1 || hole, $"picture id stepped {pictureStep} at {unwrapped[i]}");
            Assert.Equal(pictureStep == 0, before.Header.Timestamp == after.Header.Timestamp);
            var tl0Step = (after.Header.Tl0PicIdx - before.Header.Tl0PicIdx) & 0xFF;
            Assert.True(tl0Step is 0 or 1 || hole, $"TL0PICIDX stepped {tl0Step} at {unwrapped[i]}");
            if (after.Input.Encoding != before.Input.Encoding)
            {
                // A switch: only at the first packet of a key frame, one frame interval or more later.
                Assert.True(after.Input.KeyFrameStart, $"switched to encoding {after.Input.Encoding} at a non-key packet");
                Assert.True(after.Header.Timestamp - before.Header.Timestamp >= 3000);
                Assert.True(pictureStep == 1 || hole, $"picture id stepped {pictureStep} across a switch: {before} → {after}");
            }
        }
        Assert.True(bySequence[0].Input.KeyFrameStart);
        // Temporal layers: nothing above what was targeted while the frame was current or since.
        foreach (var output in outputs)
        {
            var allowed = maxTargetLayer.Skip(output.Input.Frame).Max();
            Assert.True(output.Input.TemporalLayer <= allowed, $"TID {output.Input.TemporalLayer} sent while at most {allowed} was wanted");
        }
    }

    [Fact]
    public void DroppedTemporalLayer_LeavesNoHole_ButALossDoes()
    {
        var random = new Random(7);
        var sender = new Vp8Simulcast(random);
        var projection = new LayerProjection(sender.Ssrc(0), Frequency);
        projection.SetTarget(0, 0);
        var sent = new List<ProjectedHeader>();
        var dropped = 0;
        for (var frame = 0; frame < 40; frame++)
        {
            foreach (var packet in sender.NextFrame(random).Where(p => p.Encoding == 0))
            {
                if (frame == 20 && packet.FrameStart)
                {
                    continue; // lost
                }
                if (Project(projection, packet, frame * 33_000, out var header))
                {
                    sent.Add(header);
                }
                else
                {
                    dropped++;
                }
            }
        }
        Assert.True(dropped > 20);
        var steps = sent.Zip(sent.Skip(1), (a, b) => (ushort)(b.SequenceNumber - a.SequenceNumber)).ToList();
        Assert.Equal(1, steps.Count(s => s == 2));
        Assert.All(steps, s => Assert.InRange(s, (ushort)1, (ushort)2));
    }

    [Fact]
    public void Switch_WaitsForAKeyFrameOfTheTarget_AndKeepsTheCurrentEncodingMeanwhile()
    {
        var random = new Random(11);
        var sender = new Vp8Simulcast(random);
        var projection = new LayerProjection(sender.Ssrc(0), Frequency);
        projection.SetTarget(0, 2);
        Run(sender, projection, random, frames: 3);
        Assert.Equal(0, projection.CurrentEncoding);

        projection.SetTarget(2, 2);
        var during = Run(sender, projection, random, frames: 5);
        Assert.True(projection.WantsKeyframe);
        Assert.All(during, p => Assert.Equal(0, p.Encoding));
        Assert.NotEmpty(during);

        sender.RequestKeyFrame(2);
        var after = Run(sender, projection, random, frames: 2);
        Assert.False(projection.WantsKeyframe);
        Assert.Equal(2, projection.CurrentEncoding);
        Assert.True(after.First(p => p.Encoding == 2).KeyFrameStart);
    }

    [Fact]
    public void H264_SwitchesOnlyAtAnIdrOrSps_WithContinuousNumbering()
    {
        // RFC 6184: NAL type 1 (non-IDR slice), 5 (IDR slice), and a STAP-A (24) carrying SPS (7) and PPS (8).
        byte[] slice = [0x41, 0x9A, 0x00];
        byte[] idr = [0x65, 0x88, 0x80];
        byte[] spsPps = [0x78, 0x00, 0x02, 0x67, 0x42, 0x00, 0x02, 0x68, 0xCE];
        var projection = new LayerProjection(0x10, Frequency);
        projection.SetTarget(0, 0);
        var sent = new List<(int Encoding, ProjectedHeader Header)>();
        void Send(int encoding, ushort sequence, uint timestamp, byte[] payload)
        {
            Assert.True(VideoPacketInfo.TryParse(VideoCodec.H264, payload, out var info));
            if (projection.TryProject(encoding, sequence, timestamp, info, now: 0, out var header))
            {
                sent.Add((encoding, header));
            }
        }

        Send(0, 100, 9000, slice);      // no key frame yet: nothing
        Send(0, 101, 12000, idr);       // starts here
        Send(0, 102, 15000, slice);
        projection.SetTarget(1, 0);
        Send(1, 5000, 70000, slice);    // the target without a key frame: still encoding 0
        Send(0, 103, 18000, slice);
        Send(1, 5001, 73000, spsPps);   // key frame of the target: switch
        Send(1, 5002, 73000, idr);
        Send(0, 104, 21000, slice);     // the old encoding is no longer sent
        Send(1, 5003, 76000, slice);

        Assert.Equal([0, 0, 0, 1, 1, 1], sent.Select(s => s.Encoding));
        Assert.Equal([101, 102, 103, 104, 105, 106], sent.Select(s => (int)s.Header.SequenceNumber));
        Assert.Equal(18000u + 3000, sent[3].Header.Timestamp);
        Assert.Equal(sent[3].Header.Timestamp, sent[4].Header.Timestamp);
        Assert.Equal(sent[3].Header.Timestamp + 3000, sent[5].Header.Timestamp);
    }

    [Fact]
    public void KeyframeRequests_AtMostOnePer200Ms_AndThreePer10s()
    {
        var projection = new LayerProjection(1, Frequency);
        var allowed = new List<long>();
        for (var ms = 0L; ms < 20_000; ms += 50)
        {
            if (projection.AllowKeyframeRequest(ms * 1000))
            {
                allowed.Add(ms);
            }
        }
        Assert.Equal([0, 200, 400, 10_000, 10_200, 10_400], allowed);
    }

    [Fact]
    public void NackMap_GivesTheOriginalOfEachRewrittenSequenceNumber()
    {
        var random = new Random(5);
        var sender = new Vp8Simulcast(random);
        var projection = new LayerProjection(sender.Ssrc(0), Frequency);
        projection.SetTarget(1, 2);
        var sent = new List<(Vp8Packet Input, ProjectedHeader Header)>();
        for (var frame = 0; frame < 30; frame++)
        {
            if (frame == 15)
            {
                projection.SetTarget(2, 2);
                sender.RequestKeyFrame(2);
            }
            foreach (var packet in sender.NextFrame(random))
            {
                if (Project(projection, packet, frame * 33_000, out var header))
                {
                    sent.Add((packet, header));
                }
            }
        }
        Assert.Contains(sent, s => s.Input.Encoding == 1);
        Assert.Contains(sent, s => s.Input.Encoding == 2);
        foreach (var (input, header) in sent)
        {
            Assert.True(projection.TryGetSent(header.SequenceNumber, out var encoding, out var original, out var offset, out var kept));
            Assert.Equal(input.Encoding, encoding);
            Assert.Equal(input.Sequence, original);
            Assert.Equal(header.Timestamp, input.Timestamp + offset);
            Assert.Equal(header.PictureId, kept.PictureId);
            Assert.Equal(header.Tl0PicIdx, kept.Tl0PicIdx);
        }
        Assert.False(projection.TryGetSent((ushort)(sent[^1].Header.SequenceNumber + 1), out _, out _, out _, out _));
    }

    private static List<Vp8Packet> Run(Vp8Simulcast sender, LayerProjection projection, Random random, int frames)
    {
        var sent = new List<Vp8Packet>();
        for (var frame = 0; frame < frames; frame++)
        {
            foreach (var packet in sender.NextFrame(random))
            {
                if (Project(projection, packet, 0, out _))
                {
                    sent.Add(packet);
                }
            }
        }
        return sent;
    }

    private static bool Project(LayerProjection projection, in Vp8Packet packet, long now, out ProjectedHeader header)
    {
        Assert.True(VideoPacketInfo.TryParse(VideoCodec.Vp8, packet.Payload, out var info));
        return projection.TryProject(packet.Encoding, packet.Sequence, packet.Timestamp, info, now, out header);
    }

    /// <summary>The output sequence numbers extended past wraps, in send order.</summary>
    private static List<long> Extend(List<Output> outputs)
    {
        var extended = new List<long>(outputs.Count);
        long last = outputs[0].Header.SequenceNumber;
        foreach (var o in outputs)
        {
            last += (short)(ushort)(o.Header.SequenceNumber - (ushort)last);
            extended.Add(last);
        }
        return extended;
    }
}
