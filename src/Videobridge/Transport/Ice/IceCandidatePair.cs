using System.Security.Cryptography;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>A candidate pair (RFC 8445 §6.1.2) and its one connectivity-check transaction. The local side is
/// always the base of the Worker's single UDP socket, so a pair is known by its remote address. Owned by the
/// Worker thread of its agent.</summary>
internal sealed class IceCandidatePair
{
    private readonly byte[] _transactionId = new byte[StunMessage.TransactionIdLength];

    public IceCandidatePair(TransportAddress remote, uint remotePriority, IceCandidateType remoteType)
    {
        Remote = remote;
        RemotePriority = remotePriority;
        RemoteType = remoteType;
    }

    public TransportAddress Remote { get; }

    public uint RemotePriority { get; }

    public IceCandidateType RemoteType { get; }

    /// <summary>RFC 8445 §6.1.2.3; recomputed when the role changes.</summary>
    public ulong Priority { get; private set; }

    public IceCheckState State { get; set; }

    /// <summary>A check on this pair succeeded with a response from the address it was sent to (RFC 8445 §7.2.5.3.2).</summary>
    public bool Valid { get; set; }

    /// <summary>Controlled side: the peer nominated this pair; it is selected once valid (RFC 8445 §7.3.1.5).</summary>
    public bool NominatedByPeer { get; set; }

    /// <summary>Waits in the triggered-check queue (RFC 8445 §7.3.1.4).</summary>
    public bool Queued { get; set; }

    /// <summary>The next check carries USE-CANDIDATE (regular nomination, RFC 8445 §8.1.1).</summary>
    public bool Nominate { get; set; }

    /// <summary>When anything authenticated last came from the peer on this pair: a check or a response.</summary>
    public TimeSpan LastReceived { get; set; } = TimeSpan.MinValue;

    /// <summary>When a success response last came back on this pair (consent, RFC 7675 §5.1).</summary>
    public TimeSpan LastResponse { get; set; } = TimeSpan.MinValue;

    // The transaction in flight, if any.
    public bool InFlight { get; private set; }

    public ReadOnlySpan<byte> TransactionId => _transactionId;

    /// <summary>The role and USE-CANDIDATE the check in flight was sent with (for 487 and nomination).</summary>
    public IceRole CheckRole { get; private set; }

    public bool CheckNominates { get; private set; }

    public int Transmissions { get; set; }

    public TimeSpan Rto { get; set; }

    public TimeSpan RetransmitAt { get; set; }

    public void SetPriority(IceRole role, uint localPriority)
    {
        // G is the controlling agent's candidate priority, D the controlled agent's.
        ulong g = role == IceRole.Controlling ? localPriority : RemotePriority;
        ulong d = role == IceRole.Controlling ? RemotePriority : localPriority;
        Priority = (Math.Min(g, d) << 32) + 2 * Math.Max(g, d) + (g > d ? 1UL : 0UL);
    }

    /// <summary>Starts a new transaction with a fresh random id (RFC 8489 §6: 96 bits, unpredictable).</summary>
    public void BeginTransaction(IceRole role, bool nominates, TimeSpan now, TimeSpan rto)
    {
        RandomNumberGenerator.Fill(_transactionId);
        InFlight = true;
        CheckRole = role;
        CheckNominates = nominates;
        Transmissions = 1;
        Rto = rto;
        RetransmitAt = now + rto;
    }

    public void EndTransaction() => InFlight = false;

    public bool MatchesTransaction(ReadOnlySpan<byte> transactionId) => InFlight && transactionId.SequenceEqual(_transactionId);

    public override string ToString() => $"{Remote} {RemoteType} {State}{(Valid ? " valid" : "")}";
}
