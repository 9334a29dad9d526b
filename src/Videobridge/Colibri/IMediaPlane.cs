using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Videobridge.Colibri;

/// <summary>One local ICE candidate the bridge advertises for an endpoint.</summary>
internal sealed record LocalCandidate(string Foundation, int Component, string Ip, int Port, long Priority, string Type, string? RelAddr = null, int? RelPort = null);

/// <summary>What an endpoint's media transport tells the other side: ICE credentials, candidates, the DTLS
/// certificate fingerprint.</summary>
internal sealed record LocalTransport(string Ufrag, string Pwd, IReadOnlyList<LocalCandidate> Candidates, string FingerprintHash, string Fingerprint);

/// <summary>The client's side, from its session-accept or transport-info as the focus forwards it.</summary>
internal sealed record RemoteTransport(string? Ufrag, string? Pwd, IReadOnlyList<CandidateElement> Candidates, string? FingerprintHash, string? Fingerprint, string? Setup);

/// <summary>
/// The boundary between signalling and media: colibri2 calls it on the XMPP side, and the media side posts each
/// change to the Worker that owns the endpoint, so the XMPP thread never touches media state (DESIGN.md §3).
/// Implementations are thread-safe.
/// </summary>
internal interface IMediaPlane
{
    /// <summary>Creates the endpoint's transport on a Worker and returns what to advertise.</summary>
    LocalTransport Allocate(Endpoint endpoint);

    void SetRemoteTransport(Endpoint endpoint, RemoteTransport remote);

    /// <summary>Replaces the endpoint's whole source set (PROTOCOL.md §3.3).</summary>
    void SetSources(Endpoint endpoint, EndpointSourceSet sources);

    /// <summary>The payload types and header extensions the endpoint uses (adding only).</summary>
    void SetMedia(Endpoint endpoint, MediaType media, IReadOnlyList<PayloadTypeElement> payloadTypes, IReadOnlyList<HeaderExtensionElement> headerExtensions);

    void SetForceMute(Endpoint endpoint, bool? audio, bool? video);

    void Release(Endpoint endpoint);
}
