using Jitsi.Net.Videobridge.Rtp;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// Gaps in one video SSRC a sender sends to the bridge, for the generic NACKs the bridge sends it (RFC 4585 §6.2.1):
/// the last <see cref="Window"/> sequence numbers, each received or missing (with when the gap was seen, how often it
/// was NACKed and when last). <see cref="OnPacket"/> runs per packet and also tells a packet already received (a late
/// original after its retransmission, which must not be forwarded twice); <see cref="CollectNacks"/> runs on the
/// timer. Preallocated; nothing allocates after construction. Owned by the Worker thread.
/// </summary>
internal sealed class LossDetector
{
    /// <summary>Sequence numbers tracked behind the highest; a gap this large or larger is a jump, not loss.</summary>
    public const int Window = 512;

    /// <summary>Times a missing sequence number is NACKed at most.</summary>
    public const int MaxNacks = 3;

    /// <summary>A gap is not NACKed before either this many packets arrived after it (the one that showed it
    /// included) or <see cref="ReorderTolerance"/> passed: it may be reordering.</summary>
    public const int ReorderPackets = 2;

    public static readonly TimeSpan ReorderTolerance = TimeSpan.FromMilliseconds(5);

    /// <summary>Between two NACKs of one sequence number while the round trip to the sender is unknown; once known,
    /// the spacing is <see cref="RetryRoundTrips"/> round trips, at least <see cref="MinRetryInterval"/> (a retry
    /// before the answer to the last NACK could arrive only costs the sender).</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    public const double RetryRoundTrips = 1.5;

    public static readonly TimeSpan MinRetryInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>After this a gap is given up: a retransmission would come too late to play.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly long[] _sequenceAt = new long[Window];
    private readonly State[] _state = new State[Window];
    private readonly long[] _lostAt = new long[Window];
    private readonly long[] _lastNackAt = new long[Window];
    private readonly long[] _packetsAtLoss = new long[Window];
    private readonly byte[] _nacks = new byte[Window];
    private readonly long _reorderTicks;
    private readonly long _retryTicks;
    private readonly long _minRetryTicks;
    private readonly long _maxAgeTicks;
    private RtpSequenceCounter _sequence;
    private int _missing;
    private long _packets;

    /// <param name="timestampFrequency">Ticks per second of the <see cref="TimeProvider"/> timestamps given.</param>
    public LossDetector(long timestampFrequency)
    {
        _reorderTicks = (long)(ReorderTolerance.TotalSeconds * timestampFrequency);
        _retryTicks = (long)(RetryInterval.TotalSeconds * timestampFrequency);
        _minRetryTicks = (long)(MinRetryInterval.TotalSeconds * timestampFrequency);
        _maxAgeTicks = (long)(MaxAge.TotalSeconds * timestampFrequency);
        Array.Fill(_sequenceAt, -1);
    }

    /// <summary>Sequence numbers missing now (NACKed or not yet).</summary>
    public int Missing => _missing;

    /// <summary>Gaps that closed (the packet came late or was retransmitted) and gaps given up after
    /// <see cref="MaxAge"/> or pushed out of the window.</summary>
    public long Recovered { get; private set; }

    public long GivenUp { get; private set; }

    /// <summary>One packet. False when it was received already (a duplicate, not to be forwarded again).</summary>
    public bool OnPacket(ushort sequenceNumber, long now)
    {
        _packets++;
        var first = !_sequence.HasStarted;
        var previous = _sequence.Highest;
        var extended = _sequence.Extend(sequenceNumber);
        if (first)
        {
            Mark(extended);
            return true;
        }
        if (extended > previous)
        {
            if (extended - previous >= Window)
            {
                Reset();
            }
            else
            {
                for (var lost = previous + 1; lost < extended; lost++)
                {
                    var slot = Slot(lost);
                    Forget(slot);
                    _sequenceAt[slot] = lost;
                    _state[slot] = State.Missing;
                    _lostAt[slot] = now;
                    _packetsAtLoss[slot] = _packets;
                    _nacks[slot] = 0;
                    _missing++;
                }
            }
            Forget(Slot(extended));
            Mark(extended);
            return true;
        }
        if (previous - extended >= Window)
        {
            // Far behind the window: the sender started over; so does tracking.
            _sequence = default;
            _sequence.Extend(sequenceNumber);
            Reset();
            Mark(sequenceNumber);
            return true;
        }
        var at = Slot(extended);
        if (_sequenceAt[at] == extended && _state[at] == State.Received)
        {
            return false;
        }
        if (_sequenceAt[at] == extended && _state[at] == State.Missing)
        {
            _missing--;
            Recovered++;
        }
        Mark(extended);
        return true;
    }

    /// <summary>True if <paramref name="sequenceNumber"/> is a gap not given up (a retransmission of it is useful).</summary>
    public bool IsMissing(ushort sequenceNumber)
    {
        if (!_sequence.HasStarted)
        {
            return false;
        }
        var extended = _sequence.Peek(sequenceNumber);
        var slot = Slot(extended);
        return _sequence.Highest - extended < Window && _sequenceAt[slot] == extended && _state[slot] == State.Missing;
    }

    /// <summary>
    /// Writes the sequence numbers to NACK now into <paramref name="destination"/>, oldest first, and returns how many:
    /// gaps past the reorder tolerance that were NACKed fewer than <see cref="MaxNacks"/> times and not within the
    /// retry spacing (from <paramref name="roundTripTicks"/> when known, else <see cref="RetryInterval"/>). Gaps older
    /// than <see cref="MaxAge"/> are given up. Timer only.
    /// </summary>
    public int CollectNacks(long now, Span<ushort> destination, long roundTripTicks = 0)
    {
        var count = 0;
        var retryTicks = roundTripTicks > 0 ? Math.Max(_minRetryTicks, (long)(roundTripTicks * RetryRoundTrips)) : _retryTicks;
        if (_missing == 0)
        {
            return 0;
        }
        var highest = _sequence.Highest;
        // Oldest first, so the NACK lists them in sending order (GenericNack packs runs into PID/BLP words).
        for (var extended = Math.Max(0, highest - Window + 1); extended <= highest && count < destination.Length; extended++)
        {
            var slot = Slot(extended);
            if (_sequenceAt[slot] != extended || _state[slot] != State.Missing)
            {
                continue;
            }
            if (now - _lostAt[slot] > _maxAgeTicks)
            {
                GiveUp(slot);
                continue;
            }
            var due = _nacks[slot] == 0
                ? now - _lostAt[slot] >= _reorderTicks || _packets - _packetsAtLoss[slot] + 1 >= ReorderPackets
                : _nacks[slot] < MaxNacks && now - _lastNackAt[slot] >= retryTicks;
            if (!due)
            {
                continue;
            }
            _nacks[slot]++;
            _lastNackAt[slot] = now;
            destination[count++] = (ushort)extended;
        }
        return count;
    }

    private static int Slot(long extended) => (int)(extended & (Window - 1));

    private void Mark(long extended)
    {
        var slot = Slot(extended);
        _sequenceAt[slot] = extended;
        _state[slot] = State.Received;
    }

    /// <summary>A slot about to be reused: a gap still open there is given up.</summary>
    private void Forget(int slot)
    {
        if (_state[slot] == State.Missing)
        {
            GiveUp(slot);
        }
    }

    private void GiveUp(int slot)
    {
        _state[slot] = State.GivenUp;
        _missing--;
        GivenUp++;
    }

    private void Reset()
    {
        GivenUp += _missing;
        _missing = 0;
        Array.Fill(_sequenceAt, -1);
        Array.Clear(_state);
    }

    private enum State : byte
    {
        Unknown,
        Received,
        Missing,
        GivenUp,
    }
}
