namespace Jitsi.Net.Videobridge.Bandwidth;

/// <summary>
/// Packet groups and the delay variation between them (draft-ietf-rmcat-gcc-02 §5.2): packets sent within
/// <see cref="BurstUs"/> of a group's first packet belong to that group (a frame or a burst the pacer let out at
/// once); when a packet of a new group arrives, the previous group is complete and the difference between the
/// arrival-time and send-time spacing of the last packets of the two groups before it,
/// d(i) = (t(i) − t(i−1)) − (T(i) − T(i−1)), is one sample of the one-way delay gradient. Packets sent before the
/// current group (reordered) are ignored. A value-only state machine; allocates nothing.
/// </summary>
internal sealed class InterGroupDelay
{
    /// <summary>§5.2 burst_time: 5 ms.</summary>
    public const long BurstUs = 5_000;

    private Group _current;
    private Group _previous;
    private bool _hasCurrent;
    private bool _hasPrevious;

    /// <summary>Adds a received packet (in send order). True when it completed a group, with the send and arrival
    /// spacing of that group to the one before it (µs) and the completed group's last arrival.</summary>
    public bool OnPacket(long sendTimeUs, long arrivalTimeUs, out long sendDeltaUs, out long arrivalDeltaUs, out long groupArrivalUs)
    {
        sendDeltaUs = arrivalDeltaUs = groupArrivalUs = 0;
        if (!_hasCurrent)
        {
            _current = new Group(sendTimeUs, sendTimeUs, arrivalTimeUs);
            _hasCurrent = true;
            return false;
        }
        if (sendTimeUs < _current.FirstSendUs)
        {
            return false;
        }
        if (sendTimeUs - _current.FirstSendUs <= BurstUs)
        {
            _current = _current with { LastSendUs = Math.Max(_current.LastSendUs, sendTimeUs), LastArrivalUs = Math.Max(_current.LastArrivalUs, arrivalTimeUs) };
            return false;
        }
        var completed = false;
        if (_hasPrevious)
        {
            sendDeltaUs = _current.LastSendUs - _previous.LastSendUs;
            arrivalDeltaUs = _current.LastArrivalUs - _previous.LastArrivalUs;
            groupArrivalUs = _current.LastArrivalUs;
            completed = true;
        }
        _previous = _current;
        _hasPrevious = true;
        _current = new Group(sendTimeUs, sendTimeUs, arrivalTimeUs);
        return completed;
    }

    private readonly record struct Group(long FirstSendUs, long LastSendUs, long LastArrivalUs);
}
