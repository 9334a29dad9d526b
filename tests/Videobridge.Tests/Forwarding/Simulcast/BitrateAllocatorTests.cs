using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Forwarding.Simulcast;

/// <summary>The allocator's rules on measured encodings (180p at 150 kbps, 360p at 500 kbps, 720p at 1.5 Mbps, each
/// in temporal layers at 7.5/15/30 fps): order, last-N, on-stage first, max height and frame rate, the budget.</summary>
public sealed class BitrateAllocatorTests
{
    private static readonly long[] Bitrates = [150_000, 500_000, 1_500_000];
    private readonly FakeTimeProvider _time = new();
    private readonly long _frequency;
    private readonly long _now;
    private readonly ConferenceRouter _router;
    private readonly Conference _conference;
    private readonly EndpointMedia _receiver;
    private readonly List<EndpointMedia> _endpoints;

    public BitrateAllocatorTests()
    {
        _frequency = _time.TimestampFrequency;
        _now = _time.GetTimestamp();
        _conference = new Conference("meeting", null, _time);
        _router = new ConferenceRouter(1, new ForwardingCounters(), _time);
        _receiver = new EndpointMedia(new Endpoint(_conference, "r", null), _router);
        _endpoints = [_receiver, Sender("a", 0x100), Sender("b", 0x200), Sender("c", 0x300), Sender("d", 0x400)];
        foreach (var endpoint in _endpoints)
        {
            _router.Add(endpoint);
        }
    }

    [Fact]
    public void AnEstimateChangeOfMoreThanTenPercent_Reallocates_ForwardingFewerSources()
    {
        Constrain(new(-1, null, null, null, null, null));
        _router.Events.Evaluate(_now);
        Assert.Equal(["a-v0", "b-v0", "c-v0", "d-v0"], _receiver.ForwardedSources.Order());

        _receiver.AvailableBitrateBps = 100_000;
        _router.Events.ReallocateOnBudgetChange(_now);
        Assert.Equal(["a-v0", "b-v0"], _receiver.ForwardedSources.Order());
        Assert.True(_receiver.Projections.Values.Count(p => p.TargetEncoding >= 0) == 2);

        // Within 10 %: left as it is.
        _receiver.AvailableBitrateBps = 105_000;
        _router.Events.ReallocateOnBudgetChange(_now);
        Assert.Equal(100_000, _receiver.AllocatedForBitrateBps);
    }

    [Fact]
    public void LastN_KeepsTheSpeakersFirst_ThenJoinOrder()
    {
        Constrain(new(2, null, null, null, null, null));
        var result = Allocate(speaker: "c", previous: ["d"], long.MaxValue);
        Assert.Equal(["c-v0", "d-v0", "a-v0", "b-v0"], result.Select(r => r.Source.Name));
        Assert.Equal([true, true, false, false], result.Select(r => r.Eligible));
        Assert.Equal([0, 0, -1, -1], result.Select(r => r.Encoding));
    }

    [Fact]
    public void OnStageAndSelected_ComeBeforeSpeakers()
    {
        Constrain(new(-1, ["a-v0"], ["b-v0"], null, null, null));
        var result = Allocate(speaker: "c", previous: [], long.MaxValue);
        Assert.Equal(["b-v0", "a-v0", "c-v0", "d-v0"], result.Select(r => r.Source.Name));
        Assert.True(result[0].OnStage);
    }

    [Fact]
    public void OnStage_GetsItsResolutionFirst_AndTheSumNeverExceedsTheEstimate()
    {
        Constrain(new(-1, null, ["b-v0"], null, new Dictionary<string, VideoConstraints> { ["b-v0"] = new(720, -1) }, null));
        var result = Allocate(speaker: "a", previous: [], 1_900_000);
        var stage = result.Single(r => r.Source.Name == "b-v0");
        Assert.Equal((2, 2), (stage.Encoding, stage.TemporalLayer));
        Assert.True(result.Sum(r => r.BitrateBps) <= 1_900_000);
        // 1.5 Mbps for the stage leaves room for two 180p thumbnails at 30 fps and the third at 15 fps.
        Assert.Equal([(0, 2), (0, 2), (0, 1)], result.Where(r => r.Source.Name != "b-v0").Select(r => (r.Encoding, r.TemporalLayer)));

        // Too little for the stage's best: it takes the best that fits (720p at 15 fps) and the thumbnails wait.
        result = Allocate(speaker: "a", previous: [], 1_000_000);
        Assert.Equal((2, 1), result.Select(r => (r.Encoding, r.TemporalLayer)).First());
        Assert.All(result.Where(r => r.Source.Name != "b-v0"), r => Assert.Equal(-1, r.Encoding));
    }

    [Fact]
    public void ASenderLeaving_TakesItsProjectionsAway()
    {
        Constrain(new(-1, null, null, null, null, null));
        _router.Events.Evaluate(_now);
        Assert.Equal(4, _receiver.Projections.Count);
        _router.Remove(_endpoints[1]);
        _router.Events.Evaluate(_now);
        Assert.Equal(3, _receiver.Projections.Count);
        Assert.DoesNotContain(0x100u, _receiver.Projections.Keys);
    }

    [Theory]
    [InlineData(180, -1, 0, 2)]
    [InlineData(360, -1, 1, 2)]
    [InlineData(-1, -1, 2, 2)]
    [InlineData(100, -1, 0, 2)]
    [InlineData(720, 15, 2, 1)]
    [InlineData(720, 8, 2, 0)]
    public void MaxHeightAndFrameRate_PickTheLayer(int maxHeight, double maxFrameRate, int encoding, int temporalLayer)
    {
        Constrain(new(-1, null, null, new VideoConstraints(maxHeight, maxFrameRate), null, null));
        var result = Allocate(speaker: null, previous: [], long.MaxValue);
        Assert.All(result, r => Assert.Equal((encoding, temporalLayer), (r.Encoding, r.TemporalLayer)));
    }

    [Fact]
    public void MaxHeightZero_IsNeverForwarded()
    {
        Constrain(new(-1, null, null, null, new Dictionary<string, VideoConstraints> { ["a-v0"] = new(0, -1) }, null));
        var result = Allocate(speaker: null, previous: [], long.MaxValue);
        Assert.Equal(-1, result.Single(r => r.Source.Name == "a-v0").Encoding);
        Assert.False(result.Single(r => r.Source.Name == "a-v0").Eligible);
    }

    [Fact]
    public void RandomBudgetsAndConstraints_NeverExceedTheEstimate()
    {
        var random = new Random(17);
        for (var i = 0; i < 300; i++)
        {
            var heights = new[] { -1, 0, 90, 180, 360, 720 };
            var stage = random.Next(3) == 0 ? new[] { $"{"abcd"[random.Next(4)]}-v0" } : [];
            Constrain(new(random.Next(-1, 5), [], stage, new VideoConstraints(heights[random.Next(heights.Length)], random.Next(3) == 0 ? 15 : -1), null, null));
            var budget = random.NextInt64(0, 7_000_000);
            var result = Allocate(speaker: "abcd"[random.Next(4)].ToString(), previous: [], budget);
            Assert.True(result.Sum(r => r.BitrateBps) <= budget, $"case {i}: {result.Sum(r => r.BitrateBps)} > {budget}");
        }
    }

    private List<SourceAllocation> Allocate(string? speaker, string[] previous, long budget) =>
        BitrateAllocator.Allocate(_receiver, _endpoints, _endpoints.FirstOrDefault(e => e.Endpoint.Id == speaker),
            [.. previous.Select(p => _endpoints.Single(e => e.Endpoint.Id == p))], budget, _now);

    private void Constrain(ReceiverVideoConstraints constraints) => _receiver.Endpoint.ApplyConstraints(constraints);

    /// <summary>A sender with one three-encoding VP8 source, measured over the last second: per encoding 30 frames in
    /// the 0-2-1-2 temporal pattern adding up to its bitrate.</summary>
    private EndpointMedia Sender(string id, uint ssrc)
    {
        var sender = new EndpointMedia(new Endpoint(_conference, id, null), _router);
        uint[] sim = [ssrc, ssrc + 1, ssrc + 2];
        Assert.True(EndpointSourceSet.TryCreate(
            [new SourceDescription(id, MediaType.Video, $"{id}-v0", sim, [new SsrcGroup(SourceGroupElement.Simulcast, sim)])], out var sources, out _));
        sender.Sources = SourceTable.From(sources);
        var source = sender.VideoSourceFor(sender.Sources.VideoSources[0], _frequency);
        source.Codec = VideoCodec.Vp8;
        int[] pattern = [0, 2, 1, 2];
        for (var e = 0; e < 3; e++)
        {
            source.Meters[e].Height = Vp8Simulcast.Heights[e];
            for (var frame = 0; frame < 30; frame++)
            {
                source.Meters[e].OnPacket(_now - (_frequency * 9 / 10) + (frame * _frequency * 3 / 100), (int)(Bitrates[e] / 8 / 30), pattern[frame % 4], (uint)(frame * 3000));
            }
        }
        return sender;
    }
}
