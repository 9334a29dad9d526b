using System.Xml.Linq;
using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.Focus.Jingle;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Focus.Conferences;

internal sealed partial class ConferenceSessions
{
    /// <summary>
    /// One Jingle request from a participant (PROTOCOL.md §2.3–§2.6, §8 item 5). Returns normally to acknowledge it;
    /// throws <see cref="StanzaErrorException"/> to refuse it. Work that follows the acknowledgement (colibri2
    /// updates, relaying sources) is queued behind this item.
    /// </summary>
    public async Task<XElement?> HandleJingleAsync(Iq iq)
    {
        if (!JingleElement.TryParse(iq, out var jingle, out var invalid))
        {
            throw Refuse(StanzaErrorCondition.BadRequest, invalid);
        }
        var participant = iq.From?.Resource is { } nick ? Find(nick) : null;
        if (participant?.Session is not { } session || session.Sid != jingle.Sid)
        {
            throw Refuse(StanzaErrorCondition.ItemNotFound, $"unknown session '{jingle.Sid}'");
        }
        switch (jingle.Action)
        {
            case JingleAction.SessionAccept:
                Accept(participant, session, jingle);
                break;
            case JingleAction.TransportInfo:
                if (FirstTransport(jingle) is { } transport)
                {
                    _queue.Post(() => UpdateBridgeAsync(participant, session, transport, null, null));
                }
                break;
            case JingleAction.SourceAdd:
            case JingleAction.SourceRemove:
                ChangeSources(participant, session, jingle);
                break;
            case JingleAction.SessionTerminate:
                await TerminateAsync(participant, session, jingle).ConfigureAwait(false);
                break;
            case JingleAction.SessionInfo when jingle.BridgeSession?.IceRestart == true:
                throw Refuse(StanzaErrorCondition.FeatureNotImplemented, "in-place ICE restart is not supported; terminate with restart");
            default:
                // Acknowledged and ignored (session-info pings, transport-replace from a confused peer, …).
                break;
        }
        return null;
    }

    /// <summary><c>session-accept</c> (§2.3): validate the sources (all or nothing), then update the bridge and
    /// tell the others.</summary>
    private void Accept(Participant participant, JingleSession session, JingleElement jingle)
    {
        if (session.IsActive)
        {
            throw Refuse(StanzaErrorCondition.BadRequest, "the session is already accepted");
        }
        var sources = ParseSources(participant, jingle, EndpointSourceSet.Empty);
        session.Activate();
        _sources.Set(participant.EndpointId, sources);
        var transport = FirstTransport(jingle);
        var lastN = jingle.Content("video")?.InitialLastN;
        _queue.Post(async () =>
        {
            await UpdateBridgeAsync(participant, session, transport, sources, lastN).ConfigureAwait(false);
            foreach (var (action, pending) in session.TakePending())
            {
                SendSources(participant, session, action, pending);
            }
            Relay(participant, JingleAction.SourceAdd, sources);
        });
    }

    /// <summary><c>source-add</c> / <c>source-remove</c> from a participant (§2.5).</summary>
    private void ChangeSources(Participant participant, JingleSession session, JingleElement jingle)
    {
        var current = _sources[participant.EndpointId];
        EndpointSourceSet updated, changed;
        if (jingle.Action == JingleAction.SourceAdd)
        {
            var added = ParseSources(participant, jingle, current);
            updated = SourceSets.Merge(current, added, out _);
            changed = SourceSets.Without(updated, current);
        }
        else
        {
            if (!jingle.TryGetSources(participant.EndpointId, Settings.MaxSsrcsPerEndpoint, out var removed, out var reason))
            {
                throw Refuse(StanzaErrorCondition.BadRequest, reason);
            }
            updated = SourceSets.Without(current, removed);
            changed = SourceSets.Without(current, updated);
        }
        if (changed.IsEmpty)
        {
            return;
        }
        _sources.Set(participant.EndpointId, updated);
        _queue.Post(async () =>
        {
            await UpdateBridgeAsync(participant, session, null, updated, null).ConfigureAwait(false);
            Relay(participant, jingle.Action, changed);
        });
    }

    /// <summary><c>session-terminate</c> (§2.6): with <c>bridge-session restart="true"</c> the participant is invited
    /// again with a new session, at most as often as the rate limit allows.</summary>
    private async Task TerminateAsync(Participant participant, JingleSession session, JingleElement jingle)
    {
        var restart = jingle.BridgeSession is { Restart: true } bridgeSession;
        if (restart && jingle.BridgeSession!.Id != session.BridgeSessionId)
        {
            throw Refuse(StanzaErrorCondition.ItemNotFound, $"bridge session '{jingle.BridgeSession.Id}' is not current");
        }
        var allowed = restart && participant.Restarts.TryAcquire();
        var sources = _sources[participant.EndpointId];
        _sources.Remove(participant.EndpointId);
        participant.Session = null;
        Publish();
        Relay(participant, JingleAction.SourceRemove, sources);
        await ExpireEndpointAsync(session, participant.EndpointId).ConfigureAwait(false);
        if (restart && !allowed)
        {
            throw Refuse(StanzaErrorCondition.ResourceConstraint, "too many restart requests");
        }
        if (allowed)
        {
            _logger.LogInformation("{Nick} in {Room} asked for a restart", participant.EndpointId, _roomJid);
            _queue.Post(InviteAllAsync);
        }
    }

    /// <summary>The sources of a request, checked against the sender's current set and the whole conference.</summary>
    private EndpointSourceSet ParseSources(Participant participant, JingleElement jingle, EndpointSourceSet current)
    {
        if (!jingle.TryGetSources(participant.EndpointId, Settings.MaxSsrcsPerEndpoint, out var sources, out var reason))
        {
            throw Refuse(StanzaErrorCondition.BadRequest, reason);
        }
        var merged = SourceSets.Merge(current, sources, out reason);
        if (reason is not null || !_sources.TryValidate(participant.EndpointId, merged, out reason))
        {
            throw Refuse(StanzaErrorCondition.BadRequest, reason);
        }
        return sources;
    }

    /// <summary>colibri2 update of the participant's endpoint; a failure moves the conference (§5.4).</summary>
    private async Task UpdateBridgeAsync(Participant participant, JingleSession session, IceUdpTransportElement? transport,
        EndpointSourceSet? sources, int? lastN)
    {
        if (participant.Session != session)
        {
            return;
        }
        try
        {
            await session.Colibri.UpdateAsync(participant.EndpointId, transport, sources, lastN).ConfigureAwait(false);
        }
        catch (ColibriException e) when (e.Reason == Colibri2Error.UnknownEndpoint)
        {
            // The bridge lost only this endpoint (§3.5): only this participant is invited again.
            Interlocked.Increment(ref _colibriFailures);
            _logger.LogWarning("Bridge {Bridge} does not know {Nick}; inviting it again", session.Colibri.Bridge.Id, participant.EndpointId);
            Relay(participant, JingleAction.SourceRemove, _sources[participant.EndpointId]);
            _sources.Remove(participant.EndpointId);
            participant.Session = null;
            Publish();
            Xmpp.SendJingle(participant.OccupantJid, Terminate(session.Sid, ReasonElement.Success, "moving"));
            await InviteAsync(participant).ConfigureAwait(false);
        }
        catch (ColibriException e)
        {
            await OnColibriFailureAsync(session.Colibri, e).ConfigureAwait(false);
        }
    }

    /// <summary>Sends a source change to every other participant with a session; queued until its session is active.</summary>
    private void Relay(Participant sender, JingleAction action, EndpointSourceSet sources)
    {
        if (sources.IsEmpty)
        {
            return;
        }
        var stripped = SourceSets.StripSimulcast(sources);
        foreach (var receiver in _participants.Where(p => p != sender))
        {
            if (receiver.Session is not { } session)
            {
                continue;
            }
            if (session.IsActive)
            {
                SendSources(receiver, session, action, stripped);
            }
            else
            {
                session.Queue(action, stripped);
            }
        }
    }

    private void SendSources(Participant receiver, JingleSession session, JingleAction action, EndpointSourceSet sources) =>
        Xmpp.SendJingle(receiver.OccupantJid, SourceSignal.Build(action, session.Sid, sources, session.JsonSources));

    private static IceUdpTransportElement? FirstTransport(JingleElement jingle) =>
        jingle.Contents.Select(c => c.Transport).FirstOrDefault(t => t is not null);

    private static StanzaErrorException Refuse(StanzaErrorCondition condition, string? reason) =>
        new(StanzaError.Of(condition, reason), reason);
}
