using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.Focus.Xmpp;

namespace Jitsi.Net.Focus.Conferences;

/// <summary>What every conference's sessions share: the way to participants, the bridge selector, the colibri2
/// session factory, the settings and the clock. Immutable; the parts are thread-safe.</summary>
internal sealed record ConferenceServices(OccupantIq Xmpp, BridgeSelector Selector, IColibriSessionFactory Colibri,
    FocusConferenceSettings Settings, TimeProvider Time);
