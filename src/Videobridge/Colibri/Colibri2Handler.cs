using System.Xml.Linq;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging;
using Endpoint = Jitsi.Net.Videobridge.Conferences.Endpoint;

namespace Jitsi.Net.Videobridge.Colibri;

/// <summary>
/// Answers colibri2 <c>conference-modify</c> (PROTOCOL.md §3; IQ get and set alike, Jicofo sends get) from the
/// trusted focus only: creates and expires conferences and endpoints, applies transports, media, sources and
/// force-mute through the <see cref="IMediaPlane"/>, and answers <c>conference-modified</c> with the endpoint's
/// ICE/DTLS transport and colibri-ws URL and the conference's feedback sources. Errors follow §3.5 (condition +
/// colibri2 reason). Requests are handled one at a time (an async gate), so signalling state needs no other lock.
/// </summary>
internal sealed class Colibri2Handler
{
    /// <summary>Sources one endpoint may signal (JVB's ssrc limit is 50 per media type).</summary>
    public const int MaxSourcesPerEndpoint = 64;

    private readonly ConferenceRegistry _conferences;
    private readonly IMediaPlane _media;
    private readonly BridgeState _state;
    private readonly Func<Jid?, bool> _isTrusted;
    private readonly string _bridgeId;
    private readonly string _webSocketBaseUrl;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Colibri2Handler(ConferenceRegistry conferences, IMediaPlane media, BridgeState state, Func<Jid?, bool> isTrusted,
        string bridgeId, string webSocketBaseUrl, ILogger logger)
    {
        _conferences = conferences;
        _media = media;
        _state = state;
        _isTrusted = isTrusted;
        _bridgeId = bridgeId;
        _webSocketBaseUrl = webSocketBaseUrl;
        _logger = logger;
    }

    public void Register(StanzaRouter router)
    {
        router.HandleIq(IqType.Get, ConferenceModifyElement.ElementName, HandleAsync);
        router.HandleIq(IqType.Set, ConferenceModifyElement.ElementName, HandleAsync);
    }

    public async Task<XElement?> HandleAsync(Iq iq, CancellationToken cancellationToken)
    {
        if (!_isTrusted(iq.From))
        {
            _logger.LogWarning("Refused colibri2 from {From}: not the focus", iq.From);
            throw new StanzaErrorException(StanzaError.Of(StanzaErrorCondition.Forbidden, "colibri2 is accepted only from the focus"));
        }
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Handle(new ConferenceModifyElement(iq.Payload!)).Element;
        }
        finally
        {
            _gate.Release();
        }
    }

    private ConferenceModifiedElement Handle(ConferenceModifyElement request)
    {
        if (!request.TryValidate(out var reason))
        {
            throw Error(StanzaErrorCondition.BadRequest, null, reason);
        }
        if (request.Relays.Any())
        {
            throw Error(StanzaErrorCondition.FeatureNotImplemented, Colibri2Error.FeatureNotImplemented, "relays are not supported");
        }
        var endpoints = request.Endpoints.ToList();
        if (endpoints.Count(e => e.Create || e.Transport is not null || e.Sources is not null || e.Media.Any()) > 1)
        {
            throw Error(StanzaErrorCondition.FeatureNotImplemented, Colibri2Error.FeatureNotImplemented, "at most one endpoint with media, transport or sources per request");
        }
        var conference = FindOrCreate(request);
        var response = new ConferenceModifiedElement();
        if (request.Expire)
        {
            Expire(conference);
            return response;
        }
        var announceFeedback = request.Create;
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Expire)
            {
                if (conference.FindEndpoint(endpoint.Id!) is { } existing)
                {
                    _media.Release(existing);
                    conference.RemoveEndpoint(existing.Id);
                }
                response.Add(new EndpointElement(endpoint.Id!) { Expire = true });
                continue;
            }
            announceFeedback |= endpoint.Create;
            response.Add(endpoint.Create ? CreateEndpoint(conference, endpoint) : UpdateEndpoint(conference, endpoint));
        }
        if (announceFeedback)
        {
            response.Add(FeedbackSources(conference));
        }
        if (conference.EndpointCount == 0 && endpoints.Count > 0 && endpoints.All(e => e.Expire))
        {
            // §3.3: the conference ends with its last endpoint.
            Expire(conference);
        }
        return response;
    }

    private Conference FindOrCreate(ConferenceModifyElement request)
    {
        var meetingId = request.MeetingId!;
        if (!request.Create)
        {
            return _conferences.FindByMeetingId(meetingId)
                ?? throw Error(StanzaErrorCondition.ItemNotFound, Colibri2Error.ConferenceNotFound, $"no conference with meeting-id {meetingId}");
        }
        if (_state.GracefulShutdown)
        {
            throw Error(StanzaErrorCondition.ServiceUnavailable, Colibri2Error.GracefulShutdown, "the bridge is shutting down");
        }
        if (request.Name is { } name && !Jid.TryParse(name, out _))
        {
            throw Error(StanzaErrorCondition.BadRequest, null, $"the conference name '{name}' is not a JID");
        }
        var conference = _conferences.TryCreate(meetingId, request.Name)
            ?? throw Error(StanzaErrorCondition.Conflict, Colibri2Error.ConferenceAlreadyExists, $"a conference with meeting-id {meetingId} exists");
        _logger.LogInformation("Created conference {Id} for meeting {MeetingId} ({Name})", conference.Id, meetingId, request.Name);
        return conference;
    }

    private EndpointElement CreateEndpoint(Conference conference, EndpointElement request)
    {
        var id = request.Id!;
        if (conference.FindEndpoint(id) is not null)
        {
            throw Error(StanzaErrorCondition.Conflict, null, $"endpoint {id} exists");
        }
        if (!request.HasCapability(Colibri2Capability.SourceNames))
        {
            throw Error(StanzaErrorCondition.BadRequest, null, "Source name support is mandatory");
        }
        if (request.HasCapability(Colibri2Capability.SsrcRewriting))
        {
            throw Error(StanzaErrorCondition.FeatureNotImplemented, Colibri2Error.FeatureNotImplemented, "SSRC rewriting is not supported");
        }
        if (request.Transport is not { } transport)
        {
            throw Error(StanzaErrorCondition.BadRequest, null, $"endpoint {id} is created without a transport");
        }
        if (transport.Sctp is not null)
        {
            throw Error(StanzaErrorCondition.FeatureNotImplemented, Colibri2Error.FeatureNotImplemented, "SCTP data channels are not supported; use the colibri-ws bridge channel");
        }
        var sources = ParseSources(request);
        var endpoint = new Endpoint(conference, id, request.StatsId);
        conference.TryAddEndpoint(endpoint);
        var local = _media.Allocate(endpoint);
        Apply(endpoint, request, sources);
        _logger.LogInformation("Created endpoint {Endpoint} in conference {Id}", id, conference.Id);
        return new EndpointElement(id).Add(new TransportElement().Add(DescribeTransport(endpoint, local)));
    }

    private EndpointElement UpdateEndpoint(Conference conference, EndpointElement request)
    {
        var id = request.Id!;
        var endpoint = conference.FindEndpoint(id);
        if (endpoint is null)
        {
            // §3.3: pure force-mute batches ignore unknown endpoints.
            if (request.Transport is null && request.Sources is null && !request.Media.Any())
            {
                return new EndpointElement(id);
            }
            throw new StanzaErrorException(Colibri2Error.ToStanzaError(Colibri2Error.UnknownEndpoint, $"no endpoint {id}", id));
        }
        Apply(endpoint, request, ParseSources(request));
        // An ICE restart is declined by answering without a transport (§3.3), which Jicofo accepts.
        return new EndpointElement(id);
    }

    private void Apply(Endpoint endpoint, EndpointElement request, EndpointSourceSet? sources)
    {
        endpoint.Touch();
        endpoint.Conference.Touch();
        foreach (var media in request.Media)
        {
            if (media.Type is { } type)
            {
                _media.SetMedia(endpoint, type, [.. media.PayloadTypes], [.. media.HeaderExtensions]);
            }
        }
        if (request.Transport?.IceUdp is { } ice)
        {
            var fingerprint = ice.Fingerprint;
            _media.SetRemoteTransport(endpoint, new RemoteTransport(ice.Ufrag, ice.Pwd, [.. ice.Candidates], fingerprint?.Hash, fingerprint?.Value, fingerprint?.Setup));
        }
        if (sources is not null)
        {
            _media.SetSources(endpoint, sources);
        }
        if (request.ForceMute is { } mute)
        {
            _media.SetForceMute(endpoint, mute.Audio, mute.Video);
        }
    }

    private static EndpointSourceSet? ParseSources(EndpointElement request)
    {
        if (request.Sources is not { } element)
        {
            return null;
        }
        if (!element.TryGetSources(request.Id!, MaxSourcesPerEndpoint, out var sources, out var reason))
        {
            throw Error(StanzaErrorCondition.BadRequest, null, $"bad sources for endpoint {request.Id}: {reason}");
        }
        return sources;
    }

    private IceUdpTransportElement DescribeTransport(Endpoint endpoint, LocalTransport local)
    {
        var ice = new IceUdpTransportElement(local.Ufrag, local.Pwd);
        var n = 0;
        foreach (var candidate in local.Candidates)
        {
            ice.Add(new CandidateElement
            {
                Component = candidate.Component,
                Foundation = candidate.Foundation,
                Generation = 0,
                Id = $"{endpoint.Id}-c{n++}",
                Ip = candidate.Ip,
                Network = 0,
                Port = candidate.Port,
                Priority = candidate.Priority,
                Protocol = "udp",
                Type = candidate.Type,
                // RFC 8839 §5.1: a server-reflexive candidate (a static NAT mapping) names its base.
                RelAddr = candidate.RelAddr,
                RelPort = candidate.RelPort,
            });
        }
        ice.RtcpMux = true;
        ice.Add(new FingerprintElement(local.FingerprintHash, "actpass", local.Fingerprint),
            new WebSocketElement(ColibriWebSocket.UrlFor(_webSocketBaseUrl, _bridgeId, endpoint)));
        return ice;
    }

    private static SourcesElement FeedbackSources(Conference conference) => new(
        new MediaSourceElement(MediaType.Audio, "jvb-a0").Add(new SourceElement(conference.FeedbackAudioSsrc, "jvb-a0")),
        new MediaSourceElement(MediaType.Video, "jvb-v0").Add(new SourceElement(conference.FeedbackVideoSsrc, "jvb-v0")));

    private void Expire(Conference conference)
    {
        foreach (var endpoint in conference.Endpoints)
        {
            _media.Release(endpoint);
        }
        _conferences.Expire(conference);
        _logger.LogInformation("Expired conference {Id} (meeting {MeetingId})", conference.Id, conference.MeetingId);
    }

    private static StanzaErrorException Error(StanzaErrorCondition condition, string? reason, string? text) =>
        new(reason is null ? StanzaError.Of(condition, text) : Colibri2Error.ToStanzaError(reason, text) with { Condition = condition, Type = StanzaError.Of(condition).Type });
}
