namespace Jitsi.Net.Videobridge.Tests.Simulation;

/// <summary>
/// One direction of a simulated network path on virtual time (µs): a bottleneck of <see cref="BandwidthBps"/> with a
/// drop-tail queue of <see cref="QueueBytes"/> (a packet that would not fit is dropped), then a propagation delay,
/// uniform jitter in [0, <see cref="JitterUs"/>] that never reorders, and random loss. Randomness comes from a seeded
/// <see cref="Random"/> drawn in a fixed order, so a run is reproducible. Not thread-safe; tests drive it from one loop.
/// </summary>
internal sealed class SimulatedLink<T>(long bandwidthBps, long delayUs, long jitterUs, double loss, int queueBytes, int seed)
{
    private readonly Random _random = new(seed);
    private readonly Queue<(long ArrivalUs, T Item)> _inFlight = new();
    private long _busyUntilUs;
    private long _lastArrivalUs;

    /// <summary>The bottleneck rate; may change during a run (what is queued then drains at the new rate).</summary>
    public long BandwidthBps { get; set; } = bandwidthBps;

    public long DelayUs { get; set; } = delayUs;

    public long JitterUs { get; set; } = jitterUs;

    public double Loss { get; set; } = loss;

    public int QueueBytes { get; set; } = queueBytes;

    public long QueueDropped { get; private set; }

    public long RandomlyLost { get; private set; }

    public long Sent { get; private set; }

    /// <summary>Offers a packet of <paramref name="size"/> bytes at <paramref name="nowUs"/>; false when it is
    /// dropped (queue full) or lost on the way.</summary>
    public bool Send(long nowUs, int size, T item)
    {
        Sent++;
        var backlogBytes = Math.Max(_busyUntilUs - nowUs, 0) * (double)BandwidthBps / 8e6;
        if (backlogBytes + size > QueueBytes)
        {
            QueueDropped++;
            return false;
        }
        _busyUntilUs = Math.Max(_busyUntilUs, nowUs) + (long)(size * 8e6 / BandwidthBps);
        if (_random.NextDouble() < Loss)
        {
            RandomlyLost++;
            return false;
        }
        var arrivalUs = _busyUntilUs + DelayUs + (JitterUs > 0 ? _random.NextInt64(JitterUs + 1) : 0);
        _lastArrivalUs = Math.Max(arrivalUs, _lastArrivalUs);
        _inFlight.Enqueue((_lastArrivalUs, item));
        return true;
    }

    /// <summary>The next packet that has arrived by <paramref name="nowUs"/>, in sending order.</summary>
    public bool TryReceive(long nowUs, out T item, out long arrivalUs)
    {
        if (_inFlight.TryPeek(out var next) && next.ArrivalUs <= nowUs)
        {
            _inFlight.Dequeue();
            (arrivalUs, item) = next;
            return true;
        }
        item = default!;
        arrivalUs = 0;
        return false;
    }
}
