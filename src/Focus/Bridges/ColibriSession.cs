using System.Xml.Linq;
using Jitsi.Net.Focus.Jingle;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Focus.Bridges;

/// <summary>
/// The colibri2 client for one conference on one bridge (PROTOCOL.md §3): <c>conference-modify</c> IQs to the
/// bridge's real JID, one endpoint per request (the bridge refuses more, §3.3). The first allocation creates the
/// conference (<c>meeting-id</c>, <c>name</c>, <c>create="true"</c>); endpoints are created with the mandatory
/// <c>source-names</c> capability, the offer's media and <c>ice-controlling="true"</c> (the bridge is the
/// controlling ICE agent). IQ type <c>get</c>, as Jicofo sends it. Called only from the owning conference's queue.
/// </summary>
internal sealed class ColibriSession(Bridge bridge, string meetingId, string roomName, IStanzaSender sender, IQCaller caller,
    int maxSources, ILogger<ColibriSession> logger) : IColibriSession
{
    private static readonly IReadOnlyDictionary<MediaType, string> FeedbackMsids = new Dictionary<MediaType, string>
    {
        [MediaType.Audio] = "mixedmslabel mixedlabelaudio0",
        [MediaType.Video] = "mixedmslabel mixedlabelvideo0",
    };

    private bool _created;

    public Bridge Bridge => bridge;

    public EndpointSourceSet FeedbackSources { get; private set; } = EndpointSourceSet.Empty;

    public async Task<ColibriAllocation> AllocateAsync(string endpointId, string? statsId, MediaOffer offer, CancellationToken cancellationToken = default)
    {
        var endpoint = new EndpointElement(endpointId, create: true, statsId: statsId).AddCapability(Colibri2Capability.SourceNames);
        endpoint.Add([.. offer.MediaTypes.Select(offer.Media)]);
        endpoint.Add(new TransportElement(iceControlling: true));
        var request = new ConferenceModifyElement(meetingId, roomName, create: !_created).Add(endpoint);
        var modified = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        _created = true;
        if (modified.Sources is { } feedback && feedback.TryGetSources("jvb", maxSources, out var sources, out _))
        {
            // The client keys remote streams by msid; the bridge's RTCP senders get Jicofo's fixed labels (§2.2).
            FeedbackSources = SourceSets.Of(sources.Sources.Select(s => s with { Msid = s.Msid ?? FeedbackMsids[s.Media] }));
        }
        var transport = modified.Endpoint(endpointId)?.Transport?.IceUdp
            ?? throw new ColibriException($"bridge {bridge.Id} allocated {endpointId} without a transport", StanzaErrorCondition.UndefinedCondition);
        return new ColibriAllocation(endpointId, transport, FeedbackSources);
    }

    public async Task UpdateAsync(string endpointId, IceUdpTransportElement? transport, EndpointSourceSet? sources, int? initialLastN = null,
        CancellationToken cancellationToken = default)
    {
        var endpoint = new EndpointElement(endpointId);
        if (transport is not null)
        {
            endpoint.Add(new TransportElement().Add(new IceUdpTransportElement(new XElement(transport.Element))));
        }
        if (sources is not null)
        {
            endpoint.Add(SourcesElement.From(sources.Sources, withMsid: true));
        }
        if (initialLastN is { } lastN)
        {
            endpoint.AddInitialLastN(lastN);
        }
        await SendAsync(new ConferenceModifyElement(meetingId).Add(endpoint), cancellationToken).ConfigureAwait(false);
    }

    public async Task ExpireAsync(string endpointId, CancellationToken cancellationToken = default) =>
        await SendAsync(new ConferenceModifyElement(meetingId).Add(new EndpointElement(endpointId) { Expire = true }), cancellationToken).ConfigureAwait(false);

    public async Task ExpireAsync(CancellationToken cancellationToken = default)
    {
        if (!_created)
        {
            return;
        }
        try
        {
            await SendAsync(new ConferenceModifyElement(meetingId) { Expire = true }, cancellationToken).ConfigureAwait(false);
        }
        catch (ColibriException e) when (e.Reason == Colibri2Error.ConferenceNotFound)
        {
            // PROTOCOL.md §3.3: a bridge ends a conference with its last endpoint, so it may be gone already.
        }
    }

    private async Task<ConferenceModifiedElement> SendAsync(ConferenceModifyElement request, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await caller.RequestAsync(sender, new Iq(IqType.Get, bridge.RealJid, request.Element), null, cancellationToken).ConfigureAwait(false);
            return reply.Payload is { } payload && payload.Name == ConferenceModifiedElement.ElementName
                ? new ConferenceModifiedElement(payload)
                : new ConferenceModifiedElement();
        }
        catch (StanzaErrorException e)
        {
            var reason = Colibri2Error.FromStanzaError(e.Error)?.Reason;
            logger.LogWarning("Bridge {Bridge} refused a colibri2 request for {Meeting}: {Condition} {Reason}", bridge.Id, meetingId, e.Error.ConditionName, reason);
            throw new ColibriException(e.Message, e.Error.Condition, reason, e);
        }
        catch (Exception e) when (e is IQTimeoutException or IOException)
        {
            logger.LogWarning("Colibri2 request to bridge {Bridge} for {Meeting} failed: {Reason}", bridge.Id, meetingId, e.Message);
            throw new ColibriException(e.Message, inner: e);
        }
    }
}
