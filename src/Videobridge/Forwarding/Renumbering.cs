namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// Maps a counter the sender numbers (RTP sequence number, VP8 picture id, TL0PICIDX) to the value one receiver sees,
/// so that what the bridge drops on purpose leaves no hole and what the network lost still does. Values are taken
/// modulo 2^<c>bits</c>. A value newer than the highest seen so far advances the output by its distance; when it is
/// dropped on purpose the output advances by one less, so the gap it leaves is closed while the real losses before
/// it stay gaps. The values skipped over (lost or late) get their output reserved in a fixed ring, so a late arrival
/// takes the place kept for it and nothing is reordered. A value older than the ring, or one already dropped, is
/// dropped, and so is a repeated value unless repeats are expected. <see cref="Restart"/> begins a new input
/// space (an encoding switch) whose first value gets a chosen output. Preallocated; nothing allocates per call. Owned by the Worker thread.
/// </summary>
internal sealed class Renumbering
{
    private enum State : byte
    {
        Kept = 1,
        Dropped,
        Reserved,
    }

    private readonly bool _repeats;
    private readonly int _mask;
    private readonly int _ringMask;
    private readonly Slot[] _slots;
    private int _currentEpoch = 1;
    private int _highestInput;
    private int _highestOutput;
    private int _nextOutput;
    private bool _started;

    /// <param name="bits">Width of the counter.</param>
    /// <param name="ringSize">Values remembered behind the newest (a power of two).</param>
    /// <param name="repeats">Whether one input value recurs (the packets of one frame share a picture id); when
    /// false a repeated value is a duplicate and is dropped.</param>
    public Renumbering(int bits, int ringSize, bool repeats)
    {
        _repeats = repeats;
        _mask = (1 << bits) - 1;
        _ringMask = ringSize - 1;
        if ((ringSize & _ringMask) != 0 || ringSize > (1 << (bits - 1)))
        {
            throw new ArgumentOutOfRangeException(nameof(ringSize), "a power of two below half the value space");
        }
        _slots = new Slot[ringSize];
    }

    /// <summary>Whether any value has ever been mapped (then <see cref="HighestOutput"/> means something).</summary>
    public bool HasOutput { get; private set; }

    /// <summary>The output of the newest value kept or skipped over (the last the receiver may have seen).</summary>
    public int HighestOutput => _highestOutput;

    /// <summary>The next value mapped starts a new input space and is given <paramref name="firstOutput"/>.</summary>
    public void Restart(int firstOutput)
    {
        _currentEpoch++;
        _started = false;
        _nextOutput = firstOutput & _mask;
    }

    /// <summary>The output for <paramref name="input"/>, or false when it is not to be sent: <paramref name="keep"/>
    /// false (dropped on purpose), too old, or already dropped.</summary>
    public bool TryMap(int input, bool keep, out int output)
    {
        input &= _mask;
        output = 0;
        if (!_started)
        {
            _started = true;
            HasOutput = true;
            _highestInput = input;
            _highestOutput = keep ? _nextOutput : (_nextOutput - 1) & _mask;
            Set(input, keep ? State.Kept : State.Dropped, _highestOutput);
            output = _highestOutput;
            return keep;
        }
        var distance = Distance(_highestInput, input);
        if (distance > 0)
        {
            // Reserve the outputs of what was skipped (lost so far, or late), at most a ring's worth.
            for (var step = Math.Max(1, distance - _ringMask); step < distance; step++)
            {
                Set(input - distance + step, State.Reserved, _highestOutput + step);
            }
            _highestOutput = (_highestOutput + distance - (keep ? 0 : 1)) & _mask;
            _highestInput = input;
            Set(input, keep ? State.Kept : State.Dropped, _highestOutput);
            output = _highestOutput;
            return keep;
        }
        ref var slot = ref _slots[input & _ringMask];
        if (-distance > _ringMask || slot.Epoch != _currentEpoch || slot.Input != input)
        {
            return false;
        }
        switch (slot.State)
        {
            case State.Kept:
                output = slot.Output;
                return keep && _repeats;
            case State.Reserved when keep:
                slot.State = State.Kept;
                output = slot.Output;
                return true;
            default:
                return false;
        }
    }

    private void Set(int input, State state, int output) =>
        _slots[input & _ringMask] = new Slot { Input = input & _mask, Output = output & _mask, State = state, Epoch = _currentEpoch };

    /// <summary>What became of one input value of the ring: kept, dropped or reserved, and its output.</summary>
    private struct Slot
    {
        public int Input;
        public int Output;
        public int Epoch;
        public State State;
    }

    /// <summary>Signed steps from <paramref name="from"/> to <paramref name="to"/> modulo the value space.</summary>
    private int Distance(int from, int to)
    {
        var forward = (to - from) & _mask;
        return forward > _mask >> 1 ? forward - _mask - 1 : forward;
    }
}
