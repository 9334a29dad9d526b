using Jitsi.Net.Focus.Jingle;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Focus.Bridges;

/// <summary>
/// One conference on one bridge as the focus drives it over colibri2 (PROTOCOL.md §3): the seam between the
/// conference's Jingle logic and the bridge, so conference code runs against a substitute in tests. Every method
/// throws <see cref="ColibriException"/> when the bridge answers with an error or not at all. Called only from the
/// owning conference's queue.
/// </summary>
internal interface IColibriSession
{
    Bridge Bridge { get; }

    /// <summary>The bridge's feedback sources (owner <c>jvb</c>), known after the first allocation.</summary>
    EndpointSourceSet FeedbackSources { get; }

    /// <summary>Creates the endpoint (and, on the first call, the conference) and returns the bridge's transport.</summary>
    Task<ColibriAllocation> AllocateAsync(string endpointId, string? statsId, MediaOffer offer, CancellationToken cancellationToken = default);

    /// <summary>Updates an endpoint: the participant's transport and/or its complete source set (which replaces the
    /// endpoint's sources on the bridge).</summary>
    Task UpdateAsync(string endpointId, IceUdpTransportElement? transport, EndpointSourceSet? sources, int? initialLastN = null,
        CancellationToken cancellationToken = default);

    Task ExpireAsync(string endpointId, CancellationToken cancellationToken = default);

    /// <summary>Expires the whole conference on the bridge.</summary>
    Task ExpireAsync(CancellationToken cancellationToken = default);
}
