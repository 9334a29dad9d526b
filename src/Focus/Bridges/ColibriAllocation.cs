using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Focus.Bridges;

/// <summary>
/// What a bridge returned for a new endpoint (PROTOCOL.md §3.2): its ICE-UDP transport (ufrag, pwd, candidates,
/// DTLS fingerprint, <c>web-socket</c>) and its feedback sources. Owned by the conference queue; the transport is
/// copied before it goes into an offer.
/// </summary>
internal sealed record ColibriAllocation(string EndpointId, IceUdpTransportElement Transport, EndpointSourceSet FeedbackSources);
