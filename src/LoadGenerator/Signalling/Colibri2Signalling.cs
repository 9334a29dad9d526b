using System.Globalization;
using System.Net;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.LoadGenerator.Signalling;

/// <summary>
/// colibri2 straight to our bridge through XMPP (PROTOCOL.md §3): the generator logs in as the focus component
/// (the bridge takes colibri2 only from the focus) and sends one <c>conference-modify</c> per endpoint with the
/// endpoint's transport (ICE controlled, DTLS active) and sources, creating each room's conference with its first
/// endpoint. Each room is a colibri2 conference with its own meeting id. Then it opens the endpoint's bridge channel
/// and asks for video with the run's last-N.
/// </summary>
internal sealed class Colibri2Signalling : ISignalling
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    private readonly XmppSession _session;
    private readonly Jid _bridge;
    private readonly string _mucDomain;
    private readonly Dictionary<int, string> _meetingIds = [];
    private readonly List<BridgeChannelClient> _channels = [];

    private readonly int _lastN;

    private Colibri2Signalling(XmppSession session, Jid bridge, string mucDomain, int lastN)
    {
        _lastN = lastN;
        _session = session;
        _bridge = bridge;
        _mucDomain = mucDomain;
    }

    public string Name => "colibri2";

    /// <summary>Connects as the focus component to the XMPP server and targets <paramref name="bridge"/>
    /// (the bridge's full JID, <c>jvb@auth.&lt;domain&gt;/&lt;bridge id&gt;</c>).</summary>
    public static async Task<Colibri2Signalling> ConnectAsync(ComponentOptions component, Jid bridge, string mucDomain, int lastN,
        CancellationToken cancellationToken)
    {
        var router = new StanzaRouter(new IQCaller(null, RequestTimeout));
        var session = await ComponentConnector.ConnectAsync(component with { PingInterval = TimeSpan.Zero }, router, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        session.Start();
        return new Colibri2Signalling(session, bridge, mucDomain, lastN);
    }

    public async Task<RemoteDescription> JoinAsync(LocalDescription local, CancellationToken cancellationToken)
    {
        if (!_meetingIds.TryGetValue(local.RoomIndex, out var meetingId))
        {
            meetingId = Guid.NewGuid().ToString();
            _meetingIds[local.RoomIndex] = meetingId;
        }
        var ice = new IceUdpTransportElement(local.Ufrag, local.Pwd);
        var n = 0;
        foreach (var candidate in local.Candidates)
        {
            ice.Add(new CandidateElement
            {
                Component = 1, Foundation = candidate.Foundation, Generation = 0, Id = $"{local.EndpointId}-c{n++}",
                Ip = candidate.EndPoint.Address.ToString(), Network = 0, Port = candidate.EndPoint.Port, Priority = candidate.Priority,
                Protocol = "udp", Type = "host",
            });
        }
        ice.Add(new FingerprintElement(local.FingerprintHash, "active", local.Fingerprint));
        var name = string.Create(CultureInfo.InvariantCulture, $"load-{local.RoomIndex}@{_mucDomain}");
        var request = new ConferenceModifyElement(meetingId, name, create: local.FirstInRoom).Add(
            new EndpointElement(local.EndpointId, create: true, statsId: local.EndpointId).AddCapability(Colibri2Capability.SourceNames).Add(
                new MediaElement(MediaType.Audio).Add(new PayloadTypeElement(111, "opus", 48000, 2)),
                new MediaElement(MediaType.Video).Add(new PayloadTypeElement(100, "VP8", 90000, null)),
                new TransportElement(iceControlling: true).Add(ice),
                new SourcesElement(
                    new MediaSourceElement(MediaType.Audio, local.EndpointId + "-a0").Add(new SourceElement(local.AudioSsrc, local.EndpointId + "-a0")),
                    VideoSource(local))));
        var reply = await _session.RequestAsync(new Iq(IqType.Get, _bridge, request.Element), RequestTimeout, cancellationToken).ConfigureAwait(false);
        if (reply.Type != IqType.Result || reply.Payload is null)
        {
            throw new InvalidOperationException($"the bridge refused endpoint {local.EndpointId}: {reply.Element}");
        }
        var bridgeIce = new ConferenceModifiedElement(reply.Payload).Endpoint(local.EndpointId)?.Transport?.IceUdp
            ?? throw new InvalidOperationException($"the bridge's answer for {local.EndpointId} has no ICE transport");
        var remote = ToRemote(bridgeIce);
        if (bridgeIce.WebSockets.FirstOrDefault()?.Url is { } url)
        {
            _channels.Add(await BridgeChannelClient.OpenAsync(new Uri(url), _lastN, cancellationToken).ConfigureAwait(false));
        }
        return remote;
    }

    public async Task LeaveAsync(IReadOnlyList<LocalDescription> endpoints, CancellationToken cancellationToken)
    {
        foreach (var endpoint in endpoints)
        {
            if (!_meetingIds.TryGetValue(endpoint.RoomIndex, out var meetingId))
            {
                continue;
            }
            var request = new ConferenceModifyElement(meetingId).Add(new EndpointElement(endpoint.EndpointId) { Expire = true });
            try
            {
                await _session.RequestAsync(new Iq(IqType.Get, _bridge, request.Element), RequestTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IQTimeoutException or StanzaErrorException or OperationCanceledException or IOException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            await channel.DisposeAsync().ConfigureAwait(false);
        }
        await _session.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The endpoint's video source: every encoding's SSRC and its RTX SSRC, a SIM group over the encodings
    /// (when there is more than one) and a FID group per encoding, as a simulcasting browser signals them.</summary>
    private static MediaSourceElement VideoSource(LocalDescription local)
    {
        var name = local.EndpointId + "-v0";
        var source = new MediaSourceElement(MediaType.Video, name);
        for (var i = 0; i < local.VideoSsrcs.Count; i++)
        {
            source.Add(new SourceElement(local.VideoSsrcs[i], name), new SourceElement(local.RtxSsrcs[i], name));
        }
        if (local.VideoSsrcs.Count > 1)
        {
            source.Add(new SourceGroupElement(SourceGroupElement.Simulcast, local.VideoSsrcs));
        }
        for (var i = 0; i < local.VideoSsrcs.Count; i++)
        {
            source.Add(new SourceGroupElement(SourceGroupElement.FlowId, [local.VideoSsrcs[i], local.RtxSsrcs[i]]));
        }
        return source;
    }

    /// <summary>The bridge's transport as the generator uses it (also what the focus relays in a Jingle offer).</summary>
    internal static RemoteDescription ToRemote(IceUdpTransportElement ice)
    {
        var candidates = new List<IceCandidate>();
        foreach (var c in ice.Candidates)
        {
            if (IPAddress.TryParse(c.Ip, out var ip) && c.Port is { } port && c.Priority is > 0 and <= uint.MaxValue)
            {
                candidates.Add(new IceCandidate(c.Foundation ?? "1", (uint)c.Priority.Value, new IPEndPoint(ip, port), IceCandidateType.Host));
            }
        }
        var fingerprint = ice.Fingerprint ?? throw new InvalidOperationException("the bridge's answer has no DTLS fingerprint");
        var setup = fingerprint.Setup switch
        {
            "active" => DtlsSetup.Active,
            "passive" => DtlsSetup.Passive,
            _ => DtlsSetup.ActPass,
        };
        return new RemoteDescription(ice.Ufrag ?? "", ice.Pwd ?? "", candidates, fingerprint.Hash ?? DtlsCertificate.FingerprintHash, fingerprint.Value, setup);
    }
}
