namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>The streams of one context keyed by SSRC, with a cap so that forged SSRCs cannot grow it
/// (a new SSRC is added only after its first packet authenticates). Open addressing with linear probing
/// over a power-of-two array kept at most half full; it starts small and doubles when a new SSRC needs
/// room, so only a new SSRC ever allocates. Entries are never removed within a context's life.
/// Owned by the Worker thread.</summary>
internal sealed class SrtpStreamTable
{
    private const int InitialSize = 16;

    private SrtpStream[] _slots = new SrtpStream[InitialSize];
    private int _mask = InitialSize - 1;
    private int _hashShift = 32 - System.Numerics.BitOperations.Log2(InitialSize);

    public SrtpStreamTable(int maxCount) => MaxCount = Math.Clamp(maxCount, 1, 1 << 20);

    public int MaxCount { get; }

    public int Count { get; private set; }

    /// <summary>The slot of <paramref name="ssrc"/>, or -1.</summary>
    public int Find(uint ssrc)
    {
        for (var i = Hash(ssrc); ; i = (i + 1) & _mask)
        {
            ref var slot = ref _slots[i];
            if (!slot.InUse)
            {
                return -1;
            }
            if (slot.Ssrc == ssrc)
            {
                return i;
            }
        }
    }

    /// <summary>Adds <paramref name="ssrc"/> (not present yet); -1 when the table is at its cap.</summary>
    public int Add(uint ssrc)
    {
        if (Count >= MaxCount)
        {
            return -1;
        }
        if (2 * (Count + 1) > _slots.Length)
        {
            Grow();
        }
        Count++;
        return Place(new SrtpStream(ssrc));
    }

    public ref SrtpStream this[int slot] => ref _slots[slot];

    private int Place(in SrtpStream stream)
    {
        var i = Hash(stream.Ssrc);
        while (_slots[i].InUse)
        {
            i = (i + 1) & _mask;
        }
        _slots[i] = stream;
        return i;
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new SrtpStream[old.Length * 2];
        _mask = _slots.Length - 1;
        _hashShift--;
        foreach (ref readonly var stream in old.AsSpan())
        {
            if (stream.InUse)
            {
                Place(stream);
            }
        }
    }

    // Fibonacci hashing: the top bits of SSRC × 2^32/φ spread sequential and random SSRCs alike.
    private int Hash(uint ssrc) => (int)((ssrc * 2654435769u) >> _hashShift);
}
