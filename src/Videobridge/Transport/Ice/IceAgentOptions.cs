namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>Timers and limits of an ICE agent. Immutable once an agent uses it; any thread.</summary>
internal sealed record IceAgentOptions
{
    /// <summary>ICE-lite (RFC 8445 §2.5): answer checks, never send any. For peers that cannot do full ICE.</summary>
    public bool Lite { get; init; }

    /// <summary>Pacing: at most one new check per Ta (RFC 8445 §14.2 allows 5 ms and recommends 50 ms).</summary>
    public TimeSpan Ta { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>First retransmission timeout of a check; it doubles with each retransmission (RFC 8489 §6.2.1).
    /// RFC 8445 §14.3 recommends 500 ms for pairs of one stream when checks are paced by Ta.</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The doubling stops here, so that a lost peer is noticed within seconds rather than the
    /// 39.5 s of the plain STUN schedule.</summary>
    public TimeSpan MaxRto { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Sends of one check before its transaction fails (Rc, RFC 8489 §6.2.1).</summary>
    public int MaxTransmissions { get; init; } = 7;

    /// <summary>No selected pair by then (from <see cref="IceAgent.Start"/>): failed.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the controlling agent waits, after the first valid pair, for checks on higher-priority pairs
    /// before nominating the best valid one.</summary>
    public TimeSpan NominationDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Mean interval of consent checks on the selected pair, randomised ±20 % (RFC 7675 §5.1).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>No consent response for this long: consent is lost and the agent fails (RFC 7675 §5.1).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The selected pair counts as stale when nothing authenticated arrived on it for this long; the
    /// controlling agent then nominates another valid pair that is alive (the peer's address changed).</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Most remote addresses (signalled and peer-reflexive) one agent keeps.</summary>
    public int MaxPairs { get; init; } = 32;
}
