namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>The pairs of one agent in priority order (RFC 8445 §6.1.2), found by remote address or by the
/// transaction in flight, and the triggered-check queue (§7.3.1.4). Owned by the Worker thread of its agent.</summary>
internal sealed class IceChecklist
{
    private readonly List<IceCandidatePair> _pairs;
    private readonly Dictionary<TransportAddress, IceCandidatePair> _byRemote;
    private readonly Queue<IceCandidatePair> _triggered;
    private readonly int _maxPairs;

    public IceChecklist(int maxPairs)
    {
        _maxPairs = maxPairs;
        _pairs = new List<IceCandidatePair>(maxPairs);
        _byRemote = new Dictionary<TransportAddress, IceCandidatePair>(maxPairs);
        _triggered = new Queue<IceCandidatePair>(maxPairs);
    }

    public int Count => _pairs.Count;

    public IceCandidatePair this[int index] => _pairs[index];

    public bool IsFull => _pairs.Count >= _maxPairs;

    /// <summary>Makes room by dropping the lowest-priority failed pair that is not <paramref name="keep"/>, so that
    /// checks replayed from many addresses cannot lock out a peer whose address changes. False when none failed.</summary>
    public bool TryEvictFailed(IceCandidatePair? keep)
    {
        for (var i = _pairs.Count - 1; i >= 0; i--)
        {
            var pair = _pairs[i];
            if (pair.State == IceCheckState.Failed && !pair.Valid && !pair.InFlight && !pair.Queued && pair != keep)
            {
                _pairs.RemoveAt(i);
                _byRemote.Remove(pair.Remote);
                return true;
            }
        }
        return false;
    }

    public IceCandidatePair? Find(in TransportAddress remote) => _byRemote.GetValueOrDefault(remote);

    public IceCandidatePair? FindByTransaction(ReadOnlySpan<byte> transactionId)
    {
        foreach (var pair in _pairs)
        {
            if (pair.MatchesTransaction(transactionId))
            {
                return pair;
            }
        }
        return null;
    }

    /// <summary>Inserts in priority order; the caller checked <see cref="IsFull"/> and that the address is new.</summary>
    public void Add(IceCandidatePair pair)
    {
        var index = 0;
        while (index < _pairs.Count && _pairs[index].Priority >= pair.Priority)
        {
            index++;
        }
        _pairs.Insert(index, pair);
        _byRemote.Add(pair.Remote, pair);
    }

    /// <summary>Re-sorts after the role changed every pair's priority (RFC 8445 §7.2.5.1).</summary>
    public void Reorder(IceRole role, uint localPriority)
    {
        foreach (var pair in _pairs)
        {
            pair.SetPriority(role, localPriority);
        }
        _pairs.Sort((a, b) => b.Priority.CompareTo(a.Priority));
    }

    public void EnqueueTriggered(IceCandidatePair pair)
    {
        if (!pair.Queued)
        {
            pair.Queued = true;
            _triggered.Enqueue(pair);
        }
    }

    /// <summary>The next check to send: a triggered one first, else the highest-priority Waiting pair
    /// (RFC 8445 §6.1.4.2).</summary>
    public IceCandidatePair? NextToCheck()
    {
        while (_triggered.TryDequeue(out var triggered))
        {
            triggered.Queued = false;
            if (!triggered.InFlight)
            {
                return triggered;
            }
        }
        foreach (var pair in _pairs)
        {
            if (pair.State == IceCheckState.Waiting && !pair.InFlight)
            {
                return pair;
            }
        }
        return null;
    }

    /// <summary>The highest-priority valid pair (the one regular nomination picks, RFC 8445 §8.1.1).</summary>
    public IceCandidatePair? BestValid()
    {
        foreach (var pair in _pairs)
        {
            if (pair is { Valid: true, State: IceCheckState.Succeeded })
            {
                return pair;
            }
        }
        return null;
    }

    /// <summary>The valid pair the peer was heard on most recently, if more recently than on <paramref name="selected"/>.</summary>
    public IceCandidatePair? MostRecentlyHeardValid(IceCandidatePair selected)
    {
        IceCandidatePair? best = null;
        foreach (var pair in _pairs)
        {
            if (pair != selected && pair.Valid && pair.LastReceived > (best ?? selected).LastReceived)
            {
                best = pair;
            }
        }
        return best;
    }

    /// <summary>True when a pair above <paramref name="priority"/> may still become valid.</summary>
    public bool HasPendingAbove(ulong priority)
    {
        foreach (var pair in _pairs)
        {
            if (pair.Priority <= priority)
            {
                return false;
            }
            if (pair.State is IceCheckState.Waiting or IceCheckState.InProgress)
            {
                return true;
            }
        }
        return false;
    }
}
