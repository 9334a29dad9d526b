using Jitsi.Net.Videobridge.Http.BridgeChannel;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>One source's share of a receiver's bandwidth: the encoding and temporal layer it gets (−1 = none), and
/// whether it is within the receiver's last-N and not capped at height 0 (what the sender is asked to keep sending,
/// whatever the bandwidth).</summary>
internal readonly record struct SourceAllocation(EndpointMedia Sender, VideoSourceLayout Source, int Encoding, int TemporalLayer, long BitrateBps, bool OnStage, bool Eligible);

/// <summary>
/// Picks, for one receiver, which other endpoints' video sources it gets and in which layer (PROTOCOL.md §6.2, in the
/// style of JVB's allocator). Sources are ordered on-stage first (in the receiver's order), then selected, then by
/// speaker activity (current speaker, previous speakers most recent first), then in the order endpoints joined;
/// sources the receiver capped at max height 0 are left out, and the list is cut at its last-N. Each source's
/// candidate layers are the active ones (an encoding that sent within the last second) within its max height and max
/// frame rate — if no encoding is that small, its lowest (the constraint is soft, except 0) — ordered from the
/// lowest (encoding, temporal layer) up, priced at their measured bitrate. Then, with the receiver's available
/// bitrate as the budget: on-stage sources jump to the best layer that fits (and while one has not reached its best,
/// the others wait); the others climb one layer per pass; passes repeat until nothing changes. The sum never
/// exceeds the budget: a source whose lowest layer does not fit is not forwarded. A source that has sent nothing yet
/// costs nothing and gets its lowest encoding, so its first key frame is forwarded as soon as it comes. Runs on the
/// Worker with the conference's evaluation (twice a second) and when the budget moves by more than 10 %; allocates
/// (lists) at that rate only.
/// </summary>
internal static class BitrateAllocator
{
    /// <summary>JVB's initial default max height once a receiver has sent constraints (PROTOCOL.md §4.2).</summary>
    public const int DefaultMaxHeight = 180;

    /// <summary>How far the budget may move before the allocation is redone between evaluations.</summary>
    public const double BudgetChangeThreshold = 0.10;

    private readonly record struct Layer(int Encoding, int TemporalLayer, long BitrateBps);

    /// <summary>The allocation for <paramref name="receiver"/>, in priority order; sources cut by last-N, by max
    /// height 0 or by the budget come back with encoding −1. The receiver's own last-N wins; until it sends one,
    /// <paramref name="defaultLastN"/> (the configured default) applies.</summary>
    public static List<SourceAllocation> Allocate(EndpointMedia receiver, List<EndpointMedia> endpoints, EndpointMedia? speaker,
        IReadOnlyList<EndpointMedia> previousSpeakers, long budgetBps, long now, int defaultLastN = -1)
    {
        var constraints = receiver.Endpoint.VideoConstraints;
        var onStage = constraints.OnStageSources ?? [];
        var selected = constraints.SelectedSources ?? [];
        var ordered = new List<(EndpointMedia Sender, VideoSourceLayout Source, (int, int, int, int, int) Key)>();
        for (var joined = 0; joined < endpoints.Count; joined++)
        {
            var sender = endpoints[joined];
            if (sender == receiver)
            {
                continue;
            }
            var speakerRank = sender == speaker ? 0 : IndexOf(previousSpeakers, sender) is var p and >= 0 ? 1 + p : int.MaxValue;
            var sources = sender.Sources.VideoSources;
            for (var i = 0; i < sources.Count; i++)
            {
                var stage = IndexOf(onStage, sources[i].Name);
                var pick = IndexOf(selected, sources[i].Name);
                var group = stage >= 0 ? 0 : pick >= 0 ? 1 : 2;
                var rank = stage >= 0 ? stage : pick >= 0 ? pick : 0;
                ordered.Add((sender, sources[i], (group, rank, speakerRank, joined, i)));
            }
        }
        ordered.Sort((a, b) => a.Key.CompareTo(b.Key));

        var lastN = constraints.LastN ?? defaultLastN;
        var result = new List<SourceAllocation>(ordered.Count);
        var layers = new List<List<Layer>>();
        var taken = 0;
        foreach (var (sender, source, key) in ordered)
        {
            var limits = Limits(constraints, source.Name);
            if (limits.MaxHeight == 0 || (lastN >= 0 && taken >= lastN))
            {
                result.Add(new SourceAllocation(sender, source, -1, -1, 0, false, false));
                layers.Add([]);
                continue;
            }
            taken++;
            result.Add(new SourceAllocation(sender, source, -1, -1, 0, key.Item1 == 0, true));
            layers.Add(Candidates(sender, source, limits, now));
        }

        // What it would send with an unlimited budget: above the estimate, the bandwidth estimator probes toward it.
        receiver.DesiredBitrateBps = layers.Sum(l => l.Count == 0 ? 0 : l[^1].BitrateBps);
        var chosen = new int[result.Count];
        Array.Fill(chosen, -1);
        var used = 0L;
        for (var pass = 0; pass <= layers.Sum(l => l.Count); pass++)
        {
            var changed = false;
            for (var i = 0; i < result.Count; i++)
            {
                var candidates = layers[i];
                var current = chosen[i] < 0 ? 0 : candidates[chosen[i]].BitrateBps;
                var next = -1;
                if (result[i].OnStage)
                {
                    for (var k = candidates.Count - 1; k > chosen[i]; k--)
                    {
                        if (candidates[k].BitrateBps - current <= budgetBps - used)
                        {
                            next = k;
                            break;
                        }
                    }
                }
                else if (chosen[i] + 1 < candidates.Count && candidates[chosen[i] + 1].BitrateBps - current <= budgetBps - used)
                {
                    next = chosen[i] + 1;
                }
                if (next >= 0)
                {
                    used += candidates[next].BitrateBps - current;
                    chosen[i] = next;
                    changed = true;
                }
                if (result[i].OnStage && chosen[i] < candidates.Count - 1)
                {
                    // The stage has not reached its best layer: thumbnails wait.
                    break;
                }
            }
            if (!changed)
            {
                break;
            }
        }
        for (var i = 0; i < result.Count; i++)
        {
            if (chosen[i] >= 0)
            {
                var layer = layers[i][chosen[i]];
                result[i] = result[i] with { Encoding = layer.Encoding, TemporalLayer = layer.TemporalLayer, BitrateBps = layer.BitrateBps };
            }
        }
        return result;
    }

    /// <summary>The max height and frame rate a receiver asked for <paramref name="source"/>: its per-source
    /// constraint, else its default (−1 unlimited, 0 off).</summary>
    public static VideoConstraints Limits(ReceiverVideoConstraints constraints, string source) =>
        constraints.Constraints is { } map && map.TryGetValue(source, out var specific) ? specific
            : constraints.DefaultConstraints ?? new VideoConstraints(DefaultMaxHeight, -1);

    /// <summary>The layers a source can be sent in to this receiver, lowest first.</summary>
    private static List<Layer> Candidates(EndpointMedia sender, VideoSourceLayout source, VideoConstraints limits, long now)
    {
        var candidates = new List<Layer>();
        if (!sender.VideoSources.TryGetValue(source.PrimarySsrc, out var measured) || !measured.Meters.Any(m => m.IsActive(now)))
        {
            candidates.Add(new Layer(0, EncodingMeter.TemporalLayers - 1, 0));
            return candidates;
        }
        var encodings = measured.CanSwitch ? measured.Meters.Length : 1;
        var lowest = -1;
        for (var e = 0; e < encodings; e++)
        {
            var meter = measured.Meters[e];
            if (!meter.IsActive(now))
            {
                continue;
            }
            if (lowest < 0 || meter.Height < measured.Meters[lowest].Height)
            {
                lowest = e;
            }
            if (limits.MaxHeight > 0 && meter.Height > limits.MaxHeight)
            {
                continue;
            }
            AddTemporalLayers(candidates, meter, e, limits, now);
        }
        if (candidates.Count == 0 && lowest >= 0)
        {
            AddTemporalLayers(candidates, measured.Meters[lowest], lowest, limits, now);
        }
        return candidates;
    }

    private static void AddTemporalLayers(List<Layer> candidates, EncodingMeter meter, int encoding, VideoConstraints limits, long now)
    {
        for (var t = 0; t <= meter.HighestTemporalLayer; t++)
        {
            if (t > 0 && limits.MaxFrameRate > 0 && meter.FrameRate(now, t) > limits.MaxFrameRate)
            {
                break;
            }
            candidates.Add(new Layer(encoding, t, meter.BitrateBps(now, t)));
        }
    }

    private static int IndexOf<T>(IReadOnlyList<T> list, T item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(list[i], item))
            {
                return i;
            }
        }
        return -1;
    }
}
