namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>Regular nomination by the controlling agent (RFC 8445 §8.1.1): once checks had their chance, one
/// check with USE-CANDIDATE on the best valid pair; its success selects the pair. After selection only a stale
/// selected pair is replaced, by a valid pair the peer was heard on more recently (its address changed, e.g. a
/// NAT rebinding): that pair passed our own check with a fresh transaction, so a replayed check cannot make it.
/// Owned by the Worker thread of its agent.</summary>
internal sealed class IceNomination(IceChecklist checklist, IceAgentOptions options)
{
    private TimeSpan _firstValidAt = TimeSpan.MaxValue;

    /// <summary>The pair whose USE-CANDIDATE check is queued or in flight.</summary>
    public IceCandidatePair? Pending { get; private set; }

    public void OnPairValid(TimeSpan now)
    {
        if (_firstValidAt == TimeSpan.MaxValue)
        {
            _firstValidAt = now;
        }
    }

    /// <summary>Queues a nominating check when one is due; keeps a pending one queued until it is sent.</summary>
    public void Update(IceCandidatePair? selected, TimeSpan now)
    {
        if (Pending is { } pending)
        {
            if (!pending.InFlight && !pending.Queued)
            {
                checklist.EnqueueTriggered(pending);
            }
            return;
        }
        IceCandidatePair? choice = null;
        if (selected is null)
        {
            choice = checklist.BestValid();
            if (choice is not null && checklist.HasPendingAbove(choice.Priority) && now - _firstValidAt < options.NominationDelay)
            {
                choice = null;
            }
        }
        else if (now - selected.LastReceived > options.StaleAfter)
        {
            choice = checklist.MostRecentlyHeardValid(selected);
        }
        if (choice is not null)
        {
            Pending = choice;
            choice.Nominate = true;
            checklist.EnqueueTriggered(choice);
        }
    }

    /// <summary>The nominating check succeeded, failed, or the role changed.</summary>
    public void End()
    {
        if (Pending is { } pair)
        {
            pair.Nominate = false;
            Pending = null;
        }
    }
}
