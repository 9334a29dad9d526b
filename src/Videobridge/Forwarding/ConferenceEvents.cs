using Jitsi.Net.Videobridge.Http.BridgeChannel;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// The bridge-channel events of one conference (PROTOCOL.md §4.3), computed on its Worker from what the packet path
/// recorded and sent through each endpoint's channel (whose <c>Send</c> is thread-safe). Twice a second: connectivity
/// (an endpoint silent for 8 s, or 15 s after it was added without a first packet, is inactive; media makes it active
/// again), every <see cref="DominantSpeaker.DecisionInterval"/> the dominant-speaker decision (on a change the event
/// to everyone and the forwarded sets at once), what each receiver gets — other endpoints' audio sources it subscribes
/// to and the video sources and layers the <see cref="BitrateAllocator"/> gives it (last-N — its own, else the
/// configured default —, on-stage and selected sources, speakers first, within its available bitrate) — as
/// <c>ForwardedSources</c> when that changes (the allocation is also redone between evaluations when a receiver's
/// available bitrate moves by more than 10 %), and <c>SenderSourceConstraints</c> (the largest max height any receiver
/// of a source asked for). A newly opened channel gets the current state. Every 10 s, <c>ConnectionStats</c>. Owned by
/// the Worker thread.
/// </summary>
internal sealed class ConferenceEvents(ConferenceRouter router, TimeProvider time, ForwardingOptions options)
{
    public static readonly TimeSpan EvaluationInterval = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan StatsInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan InactivityTimeout = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan FirstTransferTimeout = TimeSpan.FromSeconds(15);

    /// <summary>JVB's initial default max height once a receiver has sent constraints (PROTOCOL.md §4.2).</summary>
    public const int DefaultMaxHeight = BitrateAllocator.DefaultMaxHeight;

    /// <summary>What an unlimited (−1) max height is sent to a sender as: the largest height a source is sent in.</summary>
    public const int UnlimitedMaxHeight = 2160;

    private long _nextEvaluation;
    private long _nextDecision;
    private long _nextStats = time.GetTimestamp() + Ticks(StatsInterval, time);

    public DominantSpeaker Speaker { get; } = new(time.TimestampFrequency, options.AudioSpeakersForwarded);

    /// <summary>Evaluates at the next timer tick (an endpoint or its sources changed), not half a second later.</summary>
    public void EvaluateSoon() => _nextEvaluation = 0;

    public void OnTimer()
    {
        var now = time.GetTimestamp();
        if (now >= _nextDecision)
        {
            _nextDecision = now + Ticks(DominantSpeaker.DecisionInterval, time);
            DecideSpeaker(now);
        }
        if (now >= _nextEvaluation)
        {
            _nextEvaluation = now + Ticks(EvaluationInterval, time);
            Evaluate(now);
        }
        else
        {
            ReallocateOnBudgetChange(now);
        }
        if (now >= _nextStats)
        {
            var seconds = (now - _nextStats + Ticks(StatsInterval, time)) / (double)time.TimestampFrequency;
            _nextStats = now + Ticks(StatsInterval, time);
            SendConnectionStats(seconds);
        }
    }

    /// <summary>The dominant-speaker decision: on a change, <c>DominantSpeakerEndpointChangeEvent</c> to everyone and
    /// the forwarded sets re-evaluated at this tick (last-N follows the speaker). Worker thread (tests call it directly).</summary>
    public void DecideSpeaker(long now)
    {
        var endpoints = router.Endpoints;
        if (!Speaker.Evaluate(endpoints, now) || Speaker.Current is not { } speaker)
        {
            return;
        }
        var message = DominantSpeakerMessage(speaker);
        foreach (var endpoint in endpoints)
        {
            endpoint.Endpoint.Channel?.Send(message);
        }
        EvaluateSoon();
    }

    /// <summary>All the twice-a-second rules, in order. Worker thread (tests call it directly).</summary>
    public void Evaluate(long now)
    {
        var endpoints = router.Endpoints;
        UpdateConnectivity(endpoints, now);
        foreach (var receiver in endpoints)
        {
            UpdateForwardedSources(receiver, endpoints, now);
        }
        foreach (var sender in endpoints)
        {
            UpdateSenderConstraints(sender, endpoints, force: false);
        }
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Endpoint.Channel is { } channel && channel != endpoint.AnnouncedChannel)
            {
                endpoint.AnnouncedChannel = channel;
                channel.Send(BridgeChannelWriter.ForwardedSources(endpoint.ForwardedSources));
                if (Speaker.Current is { } current)
                {
                    channel.Send(DominantSpeakerMessage(current));
                }
                UpdateSenderConstraints(endpoint, endpoints, force: true);
            }
        }
    }

    private void UpdateConnectivity(List<EndpointMedia> endpoints, long now)
    {
        foreach (var endpoint in endpoints)
        {
            var inactive = endpoint.LastPacketTimestamp == 0
                ? now - endpoint.AddedTimestamp > Ticks(FirstTransferTimeout, time)
                : now - endpoint.LastPacketTimestamp > Ticks(InactivityTimeout, time);
            if (inactive == endpoint.Inactive)
            {
                continue;
            }
            endpoint.Inactive = inactive;
            var message = BridgeChannelWriter.ConnectivityStatus(endpoint.Endpoint.Id, !inactive);
            foreach (var other in endpoints)
            {
                if (other != endpoint)
                {
                    other.Endpoint.Channel?.Send(message);
                }
            }
        }
    }

    /// <summary>Re-runs the allocation of any receiver whose available bitrate moved by more than
    /// <see cref="BitrateAllocator.BudgetChangeThreshold"/> since its last one. Worker thread, from the timer.</summary>
    public void ReallocateOnBudgetChange(long now)
    {
        var endpoints = router.Endpoints;
        foreach (var receiver in endpoints)
        {
            var last = receiver.AllocatedForBitrateBps;
            var budget = receiver.AvailableBitrateBps;
            if (Math.Abs((double)budget - last) > BitrateAllocator.BudgetChangeThreshold * Math.Min(budget, last))
            {
                UpdateForwardedSources(receiver, endpoints, now);
            }
        }
    }

    /// <summary>What the receiver gets: the audio it subscribes to and, once it sent constraints, the video sources and
    /// layers the <see cref="BitrateAllocator"/> gives it, applied to its projections; sent as <c>ForwardedSources</c>
    /// when the set changes.</summary>
    private void UpdateForwardedSources(EndpointMedia receiver, List<EndpointMedia> endpoints, long now)
    {
        var forwarded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sender in endpoints)
        {
            if (sender == receiver)
            {
                continue;
            }
            foreach (var name in sender.Sources.AudioSourceNames)
            {
                if (receiver.Endpoint.WantsAudio(name))
                {
                    forwarded.Add(name);
                }
            }
        }
        var targets = new Dictionary<uint, SourceAllocation>();
        var present = new HashSet<uint>();
        receiver.AllocatedForBitrateBps = receiver.AvailableBitrateBps;
        receiver.EligibleVideoSources.Clear();
        if (receiver.Endpoint.VideoConstraintsReceived)
        {
            foreach (var allocation in BitrateAllocator.Allocate(receiver, endpoints, Speaker.Current, Speaker.Previous,
                receiver.AvailableBitrateBps, now, options.DefaultLastN))
            {
                present.Add(allocation.Source.PrimarySsrc);
                if (allocation.Eligible)
                {
                    receiver.EligibleVideoSources.Add(allocation.Source.Name);
                }
                if (allocation.Encoding >= 0)
                {
                    targets[allocation.Source.PrimarySsrc] = allocation;
                    forwarded.Add(allocation.Source.Name);
                }
            }
        }
        foreach (var (primary, allocation) in targets)
        {
            if (!receiver.Projections.TryGetValue(primary, out var projection))
            {
                receiver.Projections[primary] = projection = new LayerProjection(primary, time.TimestampFrequency);
            }
            projection.SetTarget(allocation.Encoding, allocation.TemporalLayer);
        }
        foreach (var (primary, projection) in receiver.Projections)
        {
            if (receiver.Endpoint.VideoConstraintsReceived && !present.Contains(primary))
            {
                // The source is gone (its sender left or re-signalled it).
                receiver.Projections.Remove(primary);
            }
            else if (!targets.ContainsKey(primary))
            {
                projection.SetTarget(-1, -1);
            }
        }
        if (!forwarded.SetEquals(receiver.ForwardedSources))
        {
            receiver.ForwardedSources = forwarded;
            receiver.Endpoint.Channel?.Send(BridgeChannelWriter.ForwardedSources(forwarded));
        }
    }

    private static void UpdateSenderConstraints(EndpointMedia sender, List<EndpointMedia> endpoints, bool force)
    {
        foreach (var source in sender.Sources.VideoSourceNames)
        {
            var maxHeight = 0;
            foreach (var receiver in endpoints)
            {
                if (receiver == sender || !receiver.EligibleVideoSources.Contains(source))
                {
                    continue;
                }
                var wanted = MaxHeight(receiver.Endpoint.VideoConstraints, source);
                maxHeight = Math.Max(maxHeight, wanted < 0 ? UnlimitedMaxHeight : wanted);
            }
            if (!force && sender.SentSourceConstraints.TryGetValue(source, out var sent) && sent == maxHeight)
            {
                continue;
            }
            sender.SentSourceConstraints[source] = maxHeight;
            sender.Endpoint.Channel?.Send(BridgeChannelWriter.SenderSourceConstraints(source, maxHeight));
        }
    }

    /// <summary>§4.3 <c>estimatedDownlinkBandwidth</c>: the bandwidth estimate toward the endpoint
    /// (<see cref="EndpointMedia.AvailableBitrateBps"/>) once there is one, before that the rate the bridge measured
    /// sending toward it over the interval (bits per second of SRTP it sent).</summary>
    private void SendConnectionStats(double seconds)
    {
        foreach (var endpoint in router.Endpoints)
        {
            if (endpoint.Transport is not { } transport)
            {
                continue;
            }
            var bytes = Volatile.Read(ref transport.BytesSent);
            var bitrateBps = endpoint.AvailableBitrateBps != long.MaxValue ? endpoint.AvailableBitrateBps
                : seconds <= 0 ? 0 : (long)((bytes - endpoint.BytesSentAtLastStats) * 8 / seconds);
            endpoint.BytesSentAtLastStats = bytes;
            endpoint.Endpoint.Channel?.Send(BridgeChannelWriter.ConnectionStats(bitrateBps));
        }
    }

    /// <summary>The max height a receiver asked for <paramref name="source"/>: its per-source constraint, else its
    /// default (−1 unlimited, 0 off).</summary>
    private static int MaxHeight(ReceiverVideoConstraints constraints, string source) => BitrateAllocator.Limits(constraints, source).MaxHeight;

    private byte[] DominantSpeakerMessage(EndpointMedia speaker) =>
        BridgeChannelWriter.DominantSpeaker(speaker.Endpoint.Id, [.. Speaker.Previous.Select(e => e.Endpoint.Id)], silence: false);

    private static long Ticks(TimeSpan interval, TimeProvider time) => (long)(interval.TotalSeconds * time.TimestampFrequency);
}
