namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>What ICE agents did and dropped. Written by the owning Worker thread with plain increments;
/// other threads read with <see cref="Volatile.Read(ref long)"/> (64-bit reads do not tear).</summary>
internal sealed class IceCounters
{
    public long ChecksSent;
    public long ChecksRetransmitted;
    public long RequestsAnswered;
    public long SuccessResponses;
    public long ErrorResponsesSent;
    public long RoleConflicts;
    public long PeerReflexiveLearned;

    /// <summary>STUN without FINGERPRINT, with a bad one, or not well formed.</summary>
    public long DroppedMalformed;

    /// <summary>USERNAME is not ours (or not for this peer).</summary>
    public long DroppedWrongUsername;

    /// <summary>MESSAGE-INTEGRITY absent or wrong (silently dropped, RFC 8489 §9.1.3).</summary>
    public long DroppedBadIntegrity;

    /// <summary>A response matching no transaction in flight, or from another address than the request went to.</summary>
    public long DroppedUnknownTransaction;

    /// <summary>A peer address outside the allowed networks: never paired, never sent to.</summary>
    public long RefusedNotAllowed;

    /// <summary>More remote addresses than <see cref="IceAgentOptions.MaxPairs"/>.</summary>
    public long RefusedPairLimit;

    public long TransactionsTimedOut;
    public long ConsentLost;
    public long ConnectTimeouts;
}
