using Jitsi.Net.Focus.Jingle;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Focus.Conferences;

/// <summary>
/// One participant of a conference (a MUC occupant other than the focus): its endpoint id (the nickname,
/// PROTOCOL.md §1.5), latest presence, the features its disco#info answer showed, its current Jingle session
/// and its restart rate limit. Owned by the conference queue.
/// </summary>
internal sealed class Participant(MucOccupant occupant, Task<ParticipantFeatures> features, RestartLimiter restarts)
{
    public string EndpointId { get; } = occupant.Nickname;

    public Jid OccupantJid { get; } = occupant.OccupantJid;

    public ParticipantPresence Presence { get; private set; } = ParticipantPresence.From(occupant);

    /// <summary>Completes when disco#info has answered or failed (then with the defaults).</summary>
    public Task<ParticipantFeatures> Features { get; } = features;

    public JingleSession? Session { get; set; }

    public RestartLimiter Restarts { get; } = restarts;

    public void Update(MucOccupant latest) => Presence = ParticipantPresence.From(latest);
}
