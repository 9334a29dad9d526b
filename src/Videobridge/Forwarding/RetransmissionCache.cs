namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// One copy of each video packet of a conference, every simulcast encoding, as received (extensions already stripped,
/// before any per-receiver rewriting), kept so a receiver's generic NACK (RFC 4585 §6.2.1) can be answered by the
/// bridge (PROTOCOL.md §6.5) through the receiver's <see cref="LayerProjection"/> sequence map. A preallocated ring of
/// fixed slots indexed by (SSRC, sequence number): inserting overwrites the oldest slot, and an entry older than
/// <see cref="MaxAge"/> counts as gone, so the cache holds about the last second or the last
/// <see cref="Capacity"/> packets, whichever is shorter. Nothing allocates once the index has reached its capacity.
/// Owned by the conference's Worker thread.
/// </summary>
internal sealed class RetransmissionCache
{
    public const int DefaultCapacity = 2048;
    public const int SlotLength = 1500;
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly byte[] _buffer;
    private readonly int[] _lengths;
    private readonly ulong[] _keys;
    private readonly long[] _stored;
    private readonly Dictionary<ulong, int> _index;
    private readonly long _maxAgeTicks;
    private int _next;

    public RetransmissionCache(long timestampFrequency, int capacity = DefaultCapacity)
    {
        Capacity = capacity;
        _buffer = new byte[capacity * SlotLength];
        _lengths = new int[capacity];
        _keys = new ulong[capacity];
        _stored = new long[capacity];
        _index = new Dictionary<ulong, int>(capacity);
        _maxAgeTicks = (long)(MaxAge.TotalSeconds * timestampFrequency);
    }

    public int Capacity { get; }

    /// <summary>Keeps <paramref name="packet"/> (a plaintext RTP packet) unless one with its key is already held.</summary>
    public void Insert(uint ssrc, ushort sequenceNumber, ReadOnlySpan<byte> packet, long now)
    {
        var key = Key(ssrc, sequenceNumber);
        if (packet.Length > SlotLength || _index.ContainsKey(key))
        {
            return;
        }
        var slot = _next;
        _next = (_next + 1) % Capacity;
        if (_lengths[slot] > 0 && _index.TryGetValue(_keys[slot], out var held) && held == slot)
        {
            _index.Remove(_keys[slot]);
        }
        packet.CopyTo(_buffer.AsSpan(slot * SlotLength));
        _lengths[slot] = packet.Length;
        _keys[slot] = key;
        _stored[slot] = now;
        _index[key] = slot;
    }

    /// <summary>The held copy of (<paramref name="ssrc"/>, <paramref name="sequenceNumber"/>) if it is not too old.</summary>
    public bool TryGet(uint ssrc, ushort sequenceNumber, long now, out ReadOnlySpan<byte> packet)
    {
        if (_index.TryGetValue(Key(ssrc, sequenceNumber), out var slot) && now - _stored[slot] <= _maxAgeTicks)
        {
            packet = _buffer.AsSpan(slot * SlotLength, _lengths[slot]);
            return true;
        }
        packet = default;
        return false;
    }

    private static ulong Key(uint ssrc, ushort sequenceNumber) => ((ulong)ssrc << 16) | sequenceNumber;
}
