using System.Security.Cryptography;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>A full ICE agent (RFC 8445) for one endpoint, with one local base: the Worker's UDP socket. The bridge
/// is controlling because its parameters travel in the offer. It answers checks that verify with its own
/// credentials even before the peer's are known, learns peer-reflexive candidates, checks signalled and
/// learned addresses with pacing and retransmission, nominates (regular nomination) and keeps consent
/// (RFC 7675). Media may go only to <see cref="SelectedPair"/>, a pair this agent validated and that was
/// nominated; a check from another address never moves it. Driven by its Worker thread — <see cref="OnStun"/>
/// and <see cref="OnTimer"/> — which alone owns it: no locks, and no allocation once its pairs exist.</summary>
internal sealed class IceAgent : IDisposable
{
    // Longest message written: a check with every attribute (≈ 120 bytes with a 64-byte username) or an error.
    private const int ScratchLength = 600;

    private readonly IceAgentOptions _options;
    private readonly AllowedNetworks _allowed;
    private readonly DatagramSend _send;
    private readonly IceCounters _counters;
    private readonly TimeProvider _time;
    private readonly long _epoch;
    private readonly IceChecklist _checklist;
    private readonly IceNomination _nomination;
    private readonly IceCheckResponder _responder;
    private readonly IceCheckSender _sender;
    private readonly uint _localPriority;
    private TimeSpan _startedAt;
    private TimeSpan _nextCheckAt;
    private TimeSpan _nextConsentAt;

    public IceAgent(IceCredentials local, IReadOnlyList<IceCandidate> localCandidates, IceRole role, IceAgentOptions options,
        AllowedNetworks allowed, DatagramSend send, IceCounters counters, TimeProvider time, ulong? tieBreaker = null)
    {
        Local = local;
        LocalCandidates = localCandidates;
        _options = options;
        _allowed = allowed;
        _send = send;
        _counters = counters;
        _time = time;
        _epoch = time.GetTimestamp();
        _checklist = new IceChecklist(options.MaxPairs);
        _nomination = new IceNomination(_checklist, options);
        var scratch = new byte[ScratchLength];
        _responder = new IceCheckResponder(local, SendAllowed, counters, scratch);
        _sender = new IceCheckSender(local.Ufrag, SendAllowed, counters, scratch);
        _localPriority = localCandidates.Count > 0 ? localCandidates.Max(c => c.Priority) : IceCandidate.ComputePriority(IceCandidateType.Host, ushort.MaxValue);
        // An ICE-lite agent is always controlled (RFC 8445 §6.1.1).
        Role = options.Lite ? IceRole.Controlled : role;
        TieBreaker = tieBreaker ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8));
    }

    public IceCredentials Local { get; }

    public IReadOnlyList<IceCandidate> LocalCandidates { get; }

    public IceRole Role { get; private set; }

    /// <summary>Decides role conflicts (RFC 8445 §7.3.1.1).</summary>
    public ulong TieBreaker { get; }

    public IceState State { get; private set; }

    /// <summary>Validated and nominated; the only pair media may use. Null until connected and after failure.</summary>
    public IceCandidatePair? SelectedPair { get; private set; }

    public bool HasRemoteCredentials => _sender.CanSend;

    public int PairCount => _checklist.Count;

    /// <summary>Raised (on the Worker thread) when a remote address is paired, so that the Worker routes its datagrams here.</summary>
    public event Action<IceCandidatePair>? PairAdded;

    public event Action<IceAgent>? StateChanged;

    public event Action<IceCandidatePair>? SelectedPairChanged;

    private TimeSpan Now => _time.GetElapsedTime(_epoch);

    public void Start()
    {
        if (State == IceState.New)
        {
            _startedAt = Now;
            SetState(IceState.Checking);
        }
    }

    /// <summary>The peer's ufrag and password, from its answer; checks start once they are known.</summary>
    public void SetRemoteCredentials(string ufrag, string password) => _sender.SetRemoteCredentials(ufrag, password);

    /// <summary>Pairs a signalled candidate (at once or trickled). False when it is outside the allowed networks,
    /// already known, or over the limit; such a candidate is never sent to.</summary>
    public bool AddRemoteCandidate(IceCandidate candidate)
    {
        var remote = TransportAddress.FromEndPoint(candidate.EndPoint);
        return _checklist.Find(remote) is null && AddPair(remote, candidate.Priority, candidate.Type) is not null;
    }

    /// <summary>True when a check of ours succeeded from <paramref name="remote"/>: the peer is proven to be there.</summary>
    public bool IsValid(in TransportAddress remote) => _checklist.Find(remote) is { Valid: true };

    /// <summary>An incoming STUN datagram from <paramref name="source"/>. Returns true when it was authentic and used.</summary>
    public bool OnStun(ReadOnlySpan<byte> datagram, in TransportAddress source)
    {
        if (State == IceState.Failed)
        {
            return false;
        }
        if (!_allowed.Contains(source))
        {
            _counters.RefusedNotAllowed++;
            return false;
        }
        // ICE requires FINGERPRINT on every message (RFC 8445 §7.2.2, §7.3).
        if (!StunMessage.TryParse(datagram, out var message) || message.Type.Method != StunMessageType.BindingMethod || !message.VerifyFingerprint())
        {
            _counters.DroppedMalformed++;
            return false;
        }
        return message.Type.Class switch
        {
            StunClass.Request => OnRequest(message, source),
            StunClass.SuccessResponse or StunClass.ErrorResponse => OnResponse(message, source),
            _ => false,
        };
    }

    /// <summary>Paces checks, retransmits, nominates, keeps consent and fails on timeouts; call every 10–20 ms.</summary>
    public void OnTimer()
    {
        if (State is IceState.New or IceState.Failed)
        {
            return;
        }
        var now = Now;
        RetransmitOrExpire(now);
        if (State == IceState.Checking && now - _startedAt > _options.ConnectTimeout)
        {
            _counters.ConnectTimeouts++;
            Fail();
            return;
        }
        // RFC 7675 §5.1: consent is a response to our own check; a lite agent sends none, so it goes by the peer's checks.
        if (SelectedPair is { } selected && now - (_options.Lite ? selected.LastReceived : selected.LastResponse) > _options.ConsentTimeout)
        {
            _counters.ConsentLost++;
            Fail();
            return;
        }
        if (_options.Lite || !_sender.CanSend)
        {
            return;
        }
        if (Role == IceRole.Controlling)
        {
            _nomination.Update(SelectedPair, now);
        }
        if (SelectedPair is { InFlight: false } consent && now >= _nextConsentAt)
        {
            _nextConsentAt = now + ConsentInterval();
            _sender.Send(consent, Role, TieBreaker, nominates: false, now, _options.InitialRto);
        }
        if (now >= _nextCheckAt && _checklist.NextToCheck() is { } next)
        {
            _sender.Send(next, Role, TieBreaker, next.Nominate, now, _options.InitialRto);
            _nextCheckAt = now + _options.Ta;
        }
    }

    /// <summary>Stops sending; the endpoint is gone.</summary>
    public void Dispose()
    {
        SelectedPair = null;
        State = IceState.Failed;
        _responder.Dispose();
        _sender.Dispose();
    }

    // RFC 8445 §7.3: answer an authentic check, learn its source, trigger a check back.
    private bool OnRequest(in StunMessage request, in TransportAddress source)
    {
        if (!_responder.IsForUs(request.Username, _sender.RemoteUfrag))
        {
            _counters.DroppedWrongUsername++;
            return false;
        }
        // Short-term credentials (RFC 8489 §9.1.3): a request that does not verify gets no answer at all,
        // so that the agent is no oracle for guessed credentials.
        if (!_responder.Verify(request))
        {
            _counters.DroppedBadIntegrity++;
            return false;
        }
        if (request.UnknownComprehensionRequiredCount > 0)
        {
            _responder.AnswerError(request, source, StunErrorCode.UnknownAttribute);
            return true;
        }
        if (request.Priority is not { } priority || request.IceControlling.HasValue == request.IceControlled.HasValue)
        {
            _responder.AnswerError(request, source, StunErrorCode.BadRequest);
            return true;
        }
        if (!_options.Lite && HasRoleConflict(request))
        {
            _responder.AnswerError(request, source, StunErrorCode.RoleConflict);
            return true;
        }
        // §7.3.1.3: an unknown source becomes a peer-reflexive candidate with the check's PRIORITY.
        var pair = _checklist.Find(source) ?? AddPair(source, priority, IceCandidateType.PeerReflexive);
        if (pair is null)
        {
            return false;
        }
        var now = Now;
        pair.LastReceived = now;
        _responder.AnswerSuccess(request, source);
        if (_options.Lite)
        {
            // A lite agent never checks: the controlling peer's nomination is the selection (§7.3.1.5).
            if (request.UseCandidate)
            {
                pair.Valid = true;
                pair.State = IceCheckState.Succeeded;
                Select(pair, now);
            }
            return true;
        }
        // Triggered check (§7.3.1.4): a Succeeded pair needs none; a Failed one gets another chance.
        if (pair.State != IceCheckState.Succeeded)
        {
            pair.State = pair.State == IceCheckState.Failed ? IceCheckState.Waiting : pair.State;
            _checklist.EnqueueTriggered(pair);
        }
        if (Role == IceRole.Controlled && request.UseCandidate)
        {
            pair.NominatedByPeer = true;
            if (pair.Valid)
            {
                Select(pair, now);
            }
        }
        return true;
    }

    // RFC 8445 §7.2.5: a response counts only from the address the request went to, with the peer's integrity.
    private bool OnResponse(in StunMessage response, in TransportAddress source)
    {
        var pair = _checklist.FindByTransaction(response.TransactionId);
        if (pair is null || pair.Remote != source)
        {
            _counters.DroppedUnknownTransaction++;
            return false;
        }
        if (!_sender.Verify(response))
        {
            _counters.DroppedBadIntegrity++;
            return false;
        }
        var now = Now;
        pair.EndTransaction();
        pair.LastReceived = now;
        if (response.Type.Class == StunClass.ErrorResponse)
        {
            OnErrorResponse(pair, response.ErrorCode);
            return true;
        }
        _counters.SuccessResponses++;
        pair.State = IceCheckState.Succeeded;
        pair.Valid = true;
        pair.LastResponse = now;
        _nomination.OnPairValid(now);
        if (pair.CheckNominates && pair.CheckRole == IceRole.Controlling && Role == IceRole.Controlling)
        {
            _nomination.End();
            Select(pair, now);
        }
        else if (Role == IceRole.Controlled && pair.NominatedByPeer)
        {
            Select(pair, now);
        }
        return true;
    }

    private void OnErrorResponse(IceCandidatePair pair, int? errorCode)
    {
        if (errorCode == (int)StunErrorCode.RoleConflict)
        {
            // §7.2.5.1: take the role opposite to the one the check claimed, and check again.
            _counters.RoleConflicts++;
            SwitchRole(pair.CheckRole == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling);
            pair.State = pair.State == IceCheckState.Succeeded ? pair.State : IceCheckState.Waiting;
            _checklist.EnqueueTriggered(pair);
            return;
        }
        pair.State = IceCheckState.Failed;
        if (pair == _nomination.Pending)
        {
            _nomination.End();
        }
    }

    // §7.3.1.1: the larger tie-breaker keeps (or takes) the controlling role.
    private bool HasRoleConflict(in StunMessage request)
    {
        if (Role == IceRole.Controlling && request.IceControlling is { } theirs)
        {
            _counters.RoleConflicts++;
            if (TieBreaker >= theirs)
            {
                return true;
            }
            SwitchRole(IceRole.Controlled);
        }
        else if (Role == IceRole.Controlled && request.IceControlled is { } theirsControlled)
        {
            _counters.RoleConflicts++;
            if (TieBreaker < theirsControlled)
            {
                return true;
            }
            SwitchRole(IceRole.Controlling);
        }
        return false;
    }

    private void SwitchRole(IceRole role)
    {
        if (Role == role)
        {
            return;
        }
        Role = role;
        _checklist.Reorder(role, _localPriority);
        _nomination.End();
    }

    private void Select(IceCandidatePair pair, TimeSpan now)
    {
        if (SelectedPair != pair)
        {
            SelectedPair = pair;
            // Consent starts from the proof that made the pair valid (or, for lite, the nominating check).
            pair.LastResponse = now;
            _nextConsentAt = now + ConsentInterval();
            SelectedPairChanged?.Invoke(pair);
        }
        SetState(IceState.Connected);
    }

    private void Fail()
    {
        SelectedPair = null;
        SetState(IceState.Failed);
    }

    private void SetState(IceState state)
    {
        if (State != state)
        {
            State = state;
            StateChanged?.Invoke(this);
        }
    }

    private void RetransmitOrExpire(TimeSpan now)
    {
        for (var i = 0; i < _checklist.Count; i++)
        {
            var pair = _checklist[i];
            if (!pair.InFlight || now < pair.RetransmitAt)
            {
                continue;
            }
            if (pair.Transmissions < _options.MaxTransmissions)
            {
                _sender.Retransmit(pair, TieBreaker, now, _options.MaxRto);
                continue;
            }
            pair.EndTransaction();
            _counters.TransactionsTimedOut++;
            // A consent check that times out leaves the pair as it was: consent expiry decides. A nomination that
            // times out means the pair no longer works.
            if (pair == _nomination.Pending)
            {
                pair.State = IceCheckState.Failed;
                pair.Valid = false;
                _nomination.End();
            }
            else if (pair.State == IceCheckState.InProgress)
            {
                pair.State = IceCheckState.Failed;
            }
        }
    }

    // The allow-list holds for every datagram, whatever created the pair.
    private bool SendAllowed(ReadOnlySpan<byte> datagram, in TransportAddress destination)
    {
        if (!_allowed.Contains(destination))
        {
            _counters.RefusedNotAllowed++;
            return false;
        }
        return _send(datagram, destination);
    }

    private IceCandidatePair? AddPair(in TransportAddress remote, uint priority, IceCandidateType type)
    {
        if (!_allowed.Contains(remote))
        {
            _counters.RefusedNotAllowed++;
            return null;
        }
        if (_checklist.IsFull && !_checklist.TryEvictFailed(SelectedPair))
        {
            _counters.RefusedPairLimit++;
            return null;
        }
        var pair = new IceCandidatePair(remote, priority, type);
        pair.SetPriority(Role, _localPriority);
        _checklist.Add(pair);
        _counters.PeerReflexiveLearned += type == IceCandidateType.PeerReflexive ? 1 : 0;
        PairAdded?.Invoke(pair);
        return pair;
    }

    // RFC 7675 §5.1: uniformly random in [0.8, 1.2] × the interval, so that checks of many flows do not align.
    private TimeSpan ConsentInterval() => _options.ConsentInterval * (0.8 + 0.4 * Random.Shared.NextDouble());
}
