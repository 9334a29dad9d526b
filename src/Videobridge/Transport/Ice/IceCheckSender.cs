using System.Security.Cryptography;
using System.Text;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>The checking half of an agent (RFC 8445 §7.2): once the peer's credentials are known, writes and
/// (re)transmits checks on pairs and verifies their responses with the peer's password. Owned by the Worker
/// thread of its agent.</summary>
internal sealed class IceCheckSender : IDisposable
{
    // The PRIORITY of a check is that of the peer-reflexive candidate it would reveal (§7.2.2); with one base
    // and one component, it is the same for every check.
    private static readonly uint PeerReflexivePriority = IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, ushort.MaxValue);

    private readonly string _localUfrag;
    private readonly DatagramSend _send;
    private readonly IceCounters _counters;
    private readonly byte[] _scratch;
    private IncrementalHash? _remoteHmac;
    private byte[]? _username;

    /// <param name="send">Sends within the allowed networks only.</param>
    /// <param name="scratch">The agent's buffer for outgoing messages.</param>
    public IceCheckSender(string localUfrag, DatagramSend send, IceCounters counters, byte[] scratch)
    {
        _localUfrag = localUfrag;
        _send = send;
        _counters = counters;
        _scratch = scratch;
    }

    /// <summary>The peer's ufrag in UTF-8 once known, for the USERNAME check of incoming requests.</summary>
    public byte[]? RemoteUfrag { get; private set; }

    public bool CanSend => _remoteHmac is not null;

    public void SetRemoteCredentials(string ufrag, string password)
    {
        RemoteUfrag = Encoding.UTF8.GetBytes(ufrag);
        _username = Encoding.UTF8.GetBytes($"{ufrag}:{_localUfrag}");
        _remoteHmac?.Dispose();
        _remoteHmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, Encoding.UTF8.GetBytes(password));
    }

    /// <summary>Starts a transaction on <paramref name="pair"/> and sends its first check.</summary>
    public void Send(IceCandidatePair pair, IceRole role, ulong tieBreaker, bool nominates, TimeSpan now, TimeSpan rto)
    {
        pair.BeginTransaction(role, nominates, now, rto);
        if (pair.State == IceCheckState.Waiting)
        {
            pair.State = IceCheckState.InProgress;
        }
        Transmit(pair, tieBreaker);
        _counters.ChecksSent++;
    }

    /// <summary>Sends the check in flight again: same transaction, role and USE-CANDIDATE (RFC 8489 §6.2.1).</summary>
    public void Retransmit(IceCandidatePair pair, ulong tieBreaker, TimeSpan now, TimeSpan maxRto)
    {
        pair.Transmissions++;
        pair.Rto = pair.Rto * 2 > maxRto ? maxRto : pair.Rto * 2;
        pair.RetransmitAt = now + pair.Rto;
        Transmit(pair, tieBreaker);
        _counters.ChecksRetransmitted++;
    }

    /// <summary>A response counts only with MESSAGE-INTEGRITY keyed with the peer's password (§7.2.5).</summary>
    public bool Verify(in StunMessage response) => _remoteHmac is not null && response.VerifyMessageIntegrity(_remoteHmac);

    public void Dispose() => _remoteHmac?.Dispose();

    private void Transmit(IceCandidatePair pair, ulong tieBreaker)
    {
        if (_remoteHmac is null)
        {
            return;
        }
        var length = IceMessages.WriteCheck(_scratch, pair.TransactionId, _username, PeerReflexivePriority, pair.CheckRole, tieBreaker,
            pair.CheckNominates, _remoteHmac);
        if (length > 0)
        {
            _send(_scratch.AsSpan(0, length), pair.Remote);
        }
    }
}
