namespace Jitsi.Net.Videobridge.Bandwidth;

/// <summary>One packet the bridge sent toward a receiver, as the estimator needs it: its transport-wide sequence
/// number, when it left (µs on the bridge's clock), its size in bytes and the probe cluster it belonged to (−1: none).</summary>
internal readonly record struct SentPacket(ushort SequenceNumber, long SendTimeUs, int Size, int ProbeCluster);

/// <summary>
/// The send side of transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01 §1): every
/// packet stamped with a transport-wide sequence number toward one receiver is remembered here, so that the receiver's
/// feedback (arrival times by sequence number) can be matched to send times and sizes. A fixed ring of
/// <see cref="Capacity"/> slots indexed by the sequence number; an entry is found once (a second report of the same
/// packet is ignored) and not after <see cref="MaxAgeUs"/>. Owned by the receiver's Worker thread; allocates nothing.
/// </summary>
internal sealed class SendSideHistory
{
    /// <summary>Slots; a power of two that divides 2^16, so a sequence number always maps to the same slot.</summary>
    public const int Capacity = 8192;

    /// <summary>Feedback for a packet older than this is ignored (it could be a slot's previous occupant).</summary>
    public const long MaxAgeUs = 10_000_000;

    private readonly long[] _sendTimeUs = new long[Capacity];
    private readonly int[] _size = new int[Capacity];
    private readonly int[] _probeCluster = new int[Capacity];
    private readonly int[] _sequence = new int[Capacity];

    public SendSideHistory() => Array.Fill(_sequence, -1);

    /// <summary>Packets recorded so far.</summary>
    public long Count { get; private set; }

    /// <summary>The sequence number recorded last (meaningful once <see cref="Count"/> &gt; 0).</summary>
    public ushort LastSequenceNumber { get; private set; }

    public void OnSent(ushort sequenceNumber, int size, long sendTimeUs, int probeCluster)
    {
        var slot = sequenceNumber & (Capacity - 1);
        _sequence[slot] = sequenceNumber;
        _sendTimeUs[slot] = sendTimeUs;
        _size[slot] = size;
        _probeCluster[slot] = probeCluster;
        LastSequenceNumber = sequenceNumber;
        Count++;
    }

    /// <summary>The packet sent with <paramref name="sequenceNumber"/>, if it is still here and was not taken before.
    /// Taking it marks it reported.</summary>
    public bool TryTake(ushort sequenceNumber, long nowUs, out SentPacket packet)
    {
        var slot = sequenceNumber & (Capacity - 1);
        if (_sequence[slot] != sequenceNumber || nowUs - _sendTimeUs[slot] > MaxAgeUs)
        {
            packet = default;
            return false;
        }
        _sequence[slot] = -1;
        packet = new SentPacket(sequenceNumber, _sendTimeUs[slot], _size[slot], _probeCluster[slot]);
        return true;
    }

    /// <summary>The packet sent with <paramref name="sequenceNumber"/> without taking it.</summary>
    public bool TryPeek(ushort sequenceNumber, out SentPacket packet)
    {
        var slot = sequenceNumber & (Capacity - 1);
        if (_sequence[slot] != sequenceNumber)
        {
            packet = default;
            return false;
        }
        packet = new SentPacket(sequenceNumber, _sendTimeUs[slot], _size[slot], _probeCluster[slot]);
        return true;
    }
}
