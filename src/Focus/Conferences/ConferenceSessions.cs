using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.Focus.Jingle;
using Jitsi.Net.Focus.Xmpp;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Focus.Conferences;

/// <summary>
/// The media side of one conference: its participants, one Jingle session with each (PROTOCOL.md §2) and the
/// colibri2 session on its bridge (§3). Sessions start once <c>MinParticipants</c> are present (§1.6); a lone
/// participant is terminated after a timeout; a failed or departed bridge moves everybody to another one with
/// <c>session-terminate</c> ("moving") and a new <c>session-initiate</c> (§5.4). This file holds the lifecycle; the
/// handling of the participants' Jingle requests is in <c>ConferenceSessions.Jingle.cs</c>.
/// Every method runs on the conference's <see cref="SerialQueue"/>; no locks.
/// </summary>
internal sealed partial class ConferenceSessions
{
    /// <summary>While no bridge can be selected, selection is retried this often: a failed bridge becomes usable again
    /// a minute after its last failure without any brewery change (§5.2).</summary>
    public static readonly TimeSpan BridgeRetryInterval = TimeSpan.FromSeconds(10);

    private static long _colibriFailures;
    private readonly List<Participant> _participants = [];
    private readonly ConferenceServices _services;
    private readonly Jid _roomJid;
    private readonly Func<string> _meetingId;
    private readonly SerialQueue _queue;
    private readonly SourceMap _sources;
    private readonly ILogger _logger;
    private IColibriSession? _colibri;
    private ITimer? _loneTimer;
    private ITimer? _retryTimer;
    private bool _ended;
    private int _participantCount;
    private int _sessionCount;
    private int _audioSenders;
    private int _videoSenders;

    public ConferenceSessions(Jid roomJid, Func<string> meetingId, SerialQueue queue, ConferenceServices services, ILogger logger)
    {
        _roomJid = roomJid;
        _meetingId = meetingId;
        _queue = queue;
        _services = services;
        _sources = new SourceMap(services.Settings.MaxSsrcsPerEndpoint);
        _logger = logger;
    }

    /// <summary>colibri2 requests that failed, over all conferences (for <c>/metrics</c>).</summary>
    public static long ColibriFailures => Interlocked.Read(ref _colibriFailures);

    private FocusConferenceSettings Settings => _services.Settings;

    private OccupantIq Xmpp => _services.Xmpp;

    /// <summary>Published by the queue after each change, so HTTP threads read it without touching the list.</summary>
    public int ParticipantCount => Volatile.Read(ref _participantCount);

    public int SessionCount => Volatile.Read(ref _sessionCount);

    /// <summary>Participants whose presence shows an unmuted audio source (PROTOCOL.md §1.5 SourceInfo).</summary>
    public int AudioSenders => Volatile.Read(ref _audioSenders);

    public int VideoSenders => Volatile.Read(ref _videoSenders);

    public Bridge? Bridge => _colibri?.Bridge;

    /// <summary>True while participants wait for a session because no bridge could be selected (the focus then
    /// shows <c>bridgeNotAvailable</c>, §5.4).</summary>
    public bool WaitingForBridge { get; private set; }

    /// <summary>Called on the queue when <see cref="WaitingForBridge"/> changes (the focus re-publishes its presence).</summary>
    public Func<Task>? WaitingForBridgeChanged { get; set; }

    public IReadOnlyList<Participant> Participants => _participants;

    public Participant? Find(string endpointId) => _participants.Find(p => p.EndpointId == endpointId);

    public async Task OnJoinedAsync(MucOccupant occupant)
    {
        if (_ended || Find(occupant.Nickname) is not null)
        {
            return;
        }
        var restarts = new RestartLimiter(_services.Time, TimeSpan.FromSeconds(Settings.RestartMinIntervalSeconds), Settings.RestartsPerMinute);
        _participants.Add(new Participant(occupant, Xmpp.DiscoAsync(occupant.OccupantJid), restarts));
        Publish();
        if (_participants.Count >= Settings.MinParticipants)
        {
            CancelLoneTimer();
            await InviteAllAsync().ConfigureAwait(false);
        }
    }

    public void OnChanged(MucOccupant occupant)
    {
        Find(occupant.Nickname)?.Update(occupant);
        Publish();
    }

    /// <summary>A participant left the MUC: its endpoint expires; the others drop its sources themselves on the
    /// <c>unavailable</c> presence, so no <c>source-remove</c> (§2.5).</summary>
    public async Task OnLeftAsync(MucOccupant occupant)
    {
        if (Find(occupant.Nickname) is not { } participant)
        {
            return;
        }
        _participants.Remove(participant);
        _sources.Remove(participant.EndpointId);
        Publish();
        if (participant.Session is { } session)
        {
            participant.Session = null;
            await ExpireEndpointAsync(session, participant.EndpointId).ConfigureAwait(false);
        }
        if (_participants.Count == 0)
        {
            await ExpireBridgeConferenceAsync().ConfigureAwait(false);
        }
        else if (_participants.Count < Settings.MinParticipants && _loneTimer is null)
        {
            _loneTimer = _services.Time.CreateTimer(_ => _queue.Post(OnLoneTimeoutAsync), null, Settings.SingleParticipantTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The bridges changed: participants left without a session for want of a bridge are invited now.</summary>
    /// <remarks>Not only when the conference has no bridge yet: a participant whose invite found no bridge must be
    /// invited even if another participant's invite, later in the same round, got the bridge that appeared meanwhile.</remarks>
    public Task OnBridgesChangedAsync() =>
        !_ended && _participants.Count >= Settings.MinParticipants && _participants.Any(p => p.Session is null) ? InviteAllAsync() : Task.CompletedTask;

    /// <summary>A bridge left the brewery, failed its health check or is shutting down (§5.4): if it is ours, everybody
    /// moves; a bridge that is still there (shutting down) is told to expire the conference.</summary>
    public async Task OnBridgeLostAsync(Bridge bridge)
    {
        if (_colibri?.Bridge != bridge)
        {
            return;
        }
        _logger.LogWarning("Bridge {Bridge} of {Room} is gone; moving {Count} participant(s)", bridge.Id, _roomJid, _participants.Count);
        await MoveAllAsync(expire: bridge.ShuttingDown).ConfigureAwait(false);
    }

    /// <summary>The conference ends: the bridge conference expires.</summary>
    public async Task EndAsync()
    {
        _ended = true;
        CancelLoneTimer();
        _retryTimer?.Dispose();
        await ExpireBridgeConferenceAsync().ConfigureAwait(false);
    }

    /// <summary>Invites everybody without a session. A round that invited someone is followed by another, so a
    /// participant skipped while no bridge was usable is not left behind when a later invite of the same round found
    /// one; the rounds end when one invites nobody (at most one round per participant).</summary>
    private async Task InviteAllAsync()
    {
        bool progress;
        do
        {
            progress = false;
            foreach (var participant in _participants.ToList())
            {
                if (participant.Session is null && _participants.Contains(participant) && _participants.Count >= Settings.MinParticipants)
                {
                    await InviteAsync(participant).ConfigureAwait(false);
                    progress |= participant.Session is not null;
                }
            }
        }
        while (progress && !_ended && _participants.Any(p => p.Session is null));
    }

    /// <summary>Allocates the participant on the conference's bridge and sends its <c>session-initiate</c> (§2.2, §2.8).</summary>
    private async Task InviteAsync(Participant participant)
    {
        var features = await participant.Features.ConfigureAwait(false);
        if (_ended || participant.Session is not null || !_participants.Contains(participant))
        {
            return;
        }
        var bridge = _services.Selector.Select(participant.Presence.Region, _colibri?.Bridge);
        await SetWaitingForBridgeAsync(bridge is null).ConfigureAwait(false);
        if (bridge is null)
        {
            _logger.LogWarning("No bridge available for {Nick} in {Room}; waiting for one", participant.EndpointId, _roomJid);
            return;
        }
        if (_colibri is not null && _colibri.Bridge != bridge)
        {
            // The conference's bridge is no longer usable: one bridge per conference, so everybody moves.
            await MoveAllAsync(expire: true).ConfigureAwait(false);
            return;
        }
        _colibri ??= _services.Colibri.Create(bridge, _meetingId(), _roomJid.ToString());
        var colibri = _colibri;
        var offer = new MediaOffer(Settings, features);
        ColibriAllocation allocation;
        try
        {
            allocation = await colibri.AllocateAsync(participant.EndpointId, participant.Presence.StatsId, offer).ConfigureAwait(false);
        }
        catch (ColibriException e)
        {
            await OnColibriFailureAsync(colibri, e).ConfigureAwait(false);
            return;
        }
        var session = new JingleSession(JingleSession.NewSid(), Guid.NewGuid().ToString(), colibri, features.JsonSources);
        participant.Session = session;
        Publish();
        var remote = SourceSets.Of(_sources.ForReceiver(participant.EndpointId).Sources.Concat(allocation.FeedbackSources.Sources));
        var jingle = Offer.Build(session.Sid, Xmpp.FocusJid.ToString(), offer, allocation, remote, session.BridgeSessionId, bridge.Region);
        _logger.LogInformation("Inviting {Nick} in {Room} on bridge {Bridge} (sid {Sid})", participant.EndpointId, _roomJid, bridge.Id, session.Sid);
        Xmpp.SendJingle(participant.OccupantJid, jingle, e => _queue.Post(() => OnInviteRefusedAsync(participant, session, e)));
    }

    /// <summary>An error answer to <c>session-initiate</c> aborts the invite (§2.1); no retry, to avoid loops.</summary>
    private async Task OnInviteRefusedAsync(Participant participant, JingleSession session, StanzaErrorException e)
    {
        if (participant.Session != session)
        {
            return;
        }
        _logger.LogWarning("{Nick} refused the session-initiate: {Reason}", participant.EndpointId, e.Message);
        participant.Session = null;
        Publish();
        await ExpireEndpointAsync(session, participant.EndpointId).ConfigureAwait(false);
    }

    /// <summary>A colibri2 request failed (§3.5): the bridge is marked failed, unless it refused a malformed request
    /// (retrying that would loop), and the participants move to another bridge.</summary>
    private async Task OnColibriFailureAsync(IColibriSession colibri, ColibriException e)
    {
        Interlocked.Increment(ref _colibriFailures);
        _logger.LogWarning("Colibri2 failure on bridge {Bridge} for {Room}: {Reason}", colibri.Bridge.Id, _roomJid, e.Message);
        if (e.Condition == StanzaErrorCondition.BadRequest || _colibri != colibri)
        {
            return;
        }
        colibri.Bridge.MarkFailed(_services.Time.GetUtcNow());
        await MoveAllAsync(expire: true).ConfigureAwait(false);
    }

    /// <summary>Re-invites everybody, through a new colibri2 session (RestartJingle, §5.4).</summary>
    private async Task MoveAllAsync(bool expire)
    {
        var old = _colibri;
        _colibri = null;
        foreach (var participant in _participants.Where(p => p.Session is not null))
        {
            Xmpp.SendJingle(participant.OccupantJid, Terminate(participant.Session!.Sid, ReasonElement.Success, "moving"));
            participant.Session = null;
        }
        foreach (var participant in _participants)
        {
            _sources.Remove(participant.EndpointId);
        }
        Publish();
        if (expire && old is not null)
        {
            await ExpireQuietlyAsync(old.ExpireAsync).ConfigureAwait(false);
        }
        await InviteAllAsync().ConfigureAwait(false);
    }

    /// <summary>Still alone after the timeout (§1.6): <c>session-terminate</c> (expired) and the bridge conference expires.</summary>
    private async Task OnLoneTimeoutAsync()
    {
        CancelLoneTimer();
        if (_participants.Count >= Settings.MinParticipants)
        {
            return;
        }
        foreach (var participant in _participants.Where(p => p.Session is not null))
        {
            _logger.LogInformation("{Nick} is alone in {Room}; ending its session", participant.EndpointId, _roomJid);
            Xmpp.SendJingle(participant.OccupantJid, Terminate(participant.Session!.Sid, ReasonElement.Expired, null));
            participant.Session = null;
            _sources.Remove(participant.EndpointId);
        }
        Publish();
        await ExpireBridgeConferenceAsync().ConfigureAwait(false);
    }

    private async Task SetWaitingForBridgeAsync(bool waiting)
    {
        if (WaitingForBridge != waiting)
        {
            WaitingForBridge = waiting;
            _retryTimer?.Dispose();
            _retryTimer = waiting
                ? _services.Time.CreateTimer(_ => _queue.Post(OnBridgesChangedAsync), null, BridgeRetryInterval, BridgeRetryInterval)
                : null;
            if (WaitingForBridgeChanged is { } changed)
            {
                await changed().ConfigureAwait(false);
            }
        }
    }

    private void CancelLoneTimer()
    {
        _loneTimer?.Dispose();
        _loneTimer = null;
    }

    private async Task ExpireBridgeConferenceAsync()
    {
        if (_colibri is { } colibri)
        {
            _colibri = null;
            await ExpireQuietlyAsync(colibri.ExpireAsync).ConfigureAwait(false);
        }
    }

    private Task ExpireEndpointAsync(JingleSession session, string endpointId) =>
        session.Colibri == _colibri ? ExpireQuietlyAsync(ct => session.Colibri.ExpireAsync(endpointId, ct)) : Task.CompletedTask;

    /// <summary>Expiring is best effort: a bridge that does not answer is already being replaced or gone.</summary>
    private async Task ExpireQuietlyAsync(Func<CancellationToken, Task> expire)
    {
        try
        {
            await expire(CancellationToken.None).ConfigureAwait(false);
        }
        catch (ColibriException e)
        {
            Interlocked.Increment(ref _colibriFailures);
            _logger.LogInformation("Expiring on the bridge failed for {Room}: {Reason}", _roomJid, e.Message);
        }
    }

    private void Publish()
    {
        Volatile.Write(ref _participantCount, _participants.Count);
        Volatile.Write(ref _sessionCount, _participants.Count(p => p.Session is not null));
        Volatile.Write(ref _audioSenders, _participants.Count(p => !p.Presence.AudioMuted));
        Volatile.Write(ref _videoSenders, _participants.Count(p => !p.Presence.VideoMuted));
    }

    private static JingleElement Terminate(string sid, string reason, string? text) =>
        new JingleElement(JingleAction.SessionTerminate, sid).Add(new ReasonElement(reason, text));
}
