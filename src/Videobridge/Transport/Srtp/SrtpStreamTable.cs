namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>The streams of one context keyed by SSRC, with a cap so that forged SSRCs cannot grow it
/// (a new SSRC is added only after its first packet authenticates). Open addressing with linear probing
/// over a power-of-two array sized at twice the cap; entries are never removed within a context's life.
/// Owned by the Worker thread.</summary>
internal sealed class SrtpStreamTable
{
    private readonly SrtpStream[] _slots;
    private readonly int _mask;

    public SrtpStreamTable(int maxCount)
    {
        MaxCount = Math.Max(1, maxCount);
        var size = (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)MaxCount * 2));
        _slots = new SrtpStream[size];
        _mask = size - 1;
    }

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
        var i = Hash(ssrc);
        while (_slots[i].InUse)
        {
            i = (i + 1) & _mask;
        }
        _slots[i] = new SrtpStream(ssrc);
        Count++;
        return i;
    }

    public ref SrtpStream this[int slot] => ref _slots[slot];

    // Fibonacci hashing spreads sequential or random SSRCs alike.
    private int Hash(uint ssrc) => (int)((ssrc * 2654435769u) >> 16) & _mask;
}
