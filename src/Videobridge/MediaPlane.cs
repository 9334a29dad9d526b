using System.Net;
using Jitsi.Net.Videobridge.Colibri;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Videobridge;

/// <summary>
/// The media side behind colibri2: a set of Workers (one UDP port and thread each). A conference is pinned to one
/// Worker, chosen round robin, so its forwarding runs on one thread; each endpoint gets a transport and an
/// <see cref="EndpointMedia"/> there. Every change from signalling is posted to that Worker. The maps kept here are
/// for the signalling side and guarded by a lock (never taken on the Worker thread).
/// </summary>
internal sealed class MediaPlane : IMediaPlane, IDisposable
{
    private readonly Worker[] _workers;
    private readonly ForwardingCounters[] _forwarding;
    private readonly DtlsCertificate _certificate;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<Conference, (Worker Worker, ConferenceRouter Router)> _conferences = [];
    private readonly Dictionary<Endpoint, (Worker Worker, EndpointMedia Media)> _endpoints = [];
    private int _next;

    public MediaPlane(IReadOnlyList<WorkerOptions> workers, TimeProvider time, ILoggerFactory loggers)
    {
        _certificate = DtlsCertificate.Generate();
        _time = time;
        _logger = loggers.CreateLogger<MediaPlane>();
        _workers = [.. workers.Select((options, i) => new Worker($"worker-{i}", options, _certificate, time, loggers.CreateLogger<Worker>()))];
        _forwarding = [.. _workers.Select(_ => new ForwardingCounters())];
        foreach (var worker in _workers)
        {
            worker.Start();
        }
    }

    public IReadOnlyList<Worker> Workers => _workers;

    /// <summary>Forwarding counters, one per Worker (each written by its own thread only).</summary>
    public IReadOnlyList<ForwardingCounters> Forwarding => _forwarding;

    public string Fingerprint => _certificate.Sha256Fingerprint;

    public LocalTransport Allocate(Endpoint endpoint)
    {
        EndpointMedia media;
        Worker worker;
        lock (_gate)
        {
            if (!_conferences.TryGetValue(endpoint.Conference, out var placement))
            {
                var index = _next++ % _workers.Length;
                placement = (_workers[index], new ConferenceRouter(endpoint.Conference.FeedbackVideoSsrc, _forwarding[index], _time));
                _conferences[endpoint.Conference] = placement;
                var (timerWorker, router) = placement;
                timerWorker.Post(() => timerWorker.AddTimer(router.Timer));
            }
            worker = placement.Worker;
            media = new EndpointMedia(endpoint, placement.Router);
            _endpoints[endpoint] = (worker, media);
        }
        var transport = worker.CreateEndpoint(endpoint.Id, media);
        media.Transport = transport;
        worker.Post(() => media.Router.Add(media));
        var candidates = transport.LocalCandidates.Select(c => new LocalCandidate(c.Foundation, IceCandidate.Component,
            c.EndPoint.Address.ToString(), c.EndPoint.Port, c.Priority, TypeName(c.Type))).ToList();
        return new LocalTransport(transport.LocalCredentials.Ufrag, transport.LocalCredentials.Password, candidates,
            DtlsCertificate.FingerprintHash, transport.LocalFingerprint);
    }

    public void SetRemoteTransport(Endpoint endpoint, RemoteTransport remote)
    {
        if (!TryFind(endpoint, out var worker, out var media) || media.Transport is not { } transport)
        {
            return;
        }
        var candidates = remote.Candidates.Select(ToCandidate).OfType<IceCandidate>().ToList();
        var setup = remote.Setup switch
        {
            "passive" => DtlsSetup.Passive,
            "actpass" => DtlsSetup.ActPass,
            _ => DtlsSetup.Active,
        };
        worker.Post(() =>
        {
            if (remote.Ufrag is { } ufrag && remote.Pwd is { } pwd && remote.Fingerprint is { } fingerprint)
            {
                transport.SetRemoteParameters(ufrag, pwd, candidates, remote.FingerprintHash ?? DtlsCertificate.FingerprintHash, fingerprint, setup);
                return;
            }
            foreach (var candidate in candidates)
            {
                transport.AddRemoteCandidate(candidate);
            }
        });
    }

    public void SetSources(Endpoint endpoint, EndpointSourceSet sources)
    {
        if (TryFind(endpoint, out var worker, out var media))
        {
            var table = SourceTable.From(sources);
            worker.Post(() =>
            {
                media.Sources = table;
                media.Router.Events.EvaluateSoon();
            });
        }
    }

    public void SetMedia(Endpoint endpoint, MediaType mediaType, IReadOnlyList<PayloadTypeElement> payloadTypes, IReadOnlyList<HeaderExtensionElement> headerExtensions)
    {
        if (!TryFind(endpoint, out var worker, out var media))
        {
            return;
        }
        // One-byte header extension ids (RFC 8285 §4.2): 1…14. A media line without one leaves the value alone.
        var audioLevel = ExtensionId(headerExtensions, AudioLevelExtension.Uri);
        var transportCc = ExtensionId(headerExtensions, TransportSequenceNumberExtension.Uri);
        var absSendTime = ExtensionId(headerExtensions, AbsSendTimeExtension.Uri);
        // RFC 4588 §8.6: an rtx payload type names the one it retransmits with apt.
        var rtx = payloadTypes
            .Where(p => string.Equals(p.Name, "rtx", StringComparison.OrdinalIgnoreCase) && p.Id is not null)
            .Select(p => (Rtx: p.Id!.Value, Apt: int.TryParse(p.Parameter("apt"), out var apt) ? apt : -1))
            .Where(p => p.Apt >= 0)
            .ToList();
        // Video codecs by payload type: how the forwarder reads a payload to switch simulcast layers.
        var codecs = mediaType == MediaType.Video
            ? payloadTypes.Where(p => p.Id is not null && p.Name is not null).Select(p => (Id: p.Id!.Value, Name: p.Name!)).ToList()
            : [];
        worker.Post(() =>
        {
            foreach (var (id, name) in codecs)
            {
                media.VideoCodecs.Add(id, name);
            }
            media.AudioLevelId = audioLevel ?? media.AudioLevelId;
            media.TransportCcId = transportCc ?? media.TransportCcId;
            media.AbsSendTimeId = absSendTime ?? media.AbsSendTimeId;
            foreach (var (rtxType, apt) in rtx)
            {
                media.RtxPayloadTypes.Add(rtxType, apt);
            }
        });
    }

    private static byte? ExtensionId(IReadOnlyList<HeaderExtensionElement> extensions, string uri) =>
        extensions.FirstOrDefault(h => h.Uri == uri)?.Id is int id and > 0 and < 15 ? (byte)id : null;

    public void SetForceMute(Endpoint endpoint, bool? audio, bool? video)
    {
        if (TryFind(endpoint, out var worker, out var media))
        {
            worker.Post(() =>
            {
                media.AudioMuted = audio ?? media.AudioMuted;
                media.VideoMuted = video ?? media.VideoMuted;
            });
        }
    }

    public void Release(Endpoint endpoint)
    {
        Worker worker;
        EndpointMedia media;
        lock (_gate)
        {
            if (!_endpoints.Remove(endpoint, out var entry))
            {
                return;
            }
            (worker, media) = entry;
            if (!_endpoints.Keys.Any(e => e.Conference == endpoint.Conference) && _conferences.Remove(endpoint.Conference, out var placement))
            {
                var (timerWorker, router) = placement;
                timerWorker.Post(() => timerWorker.RemoveTimer(router.Timer));
            }
        }
        worker.Post(() => media.Router.Remove(media));
        if (media.Transport is { } transport)
        {
            worker.RemoveEndpoint(transport);
        }
    }

    public void Dispose()
    {
        foreach (var worker in _workers)
        {
            worker.Dispose();
        }
        _certificate.Dispose();
    }

    /// <summary>RFC 8839 §5.1 candidate type names.</summary>
    private static string TypeName(IceCandidateType type) => type switch
    {
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        IceCandidateType.Relayed => "relay",
        _ => "host",
    };

    private bool TryFind(Endpoint endpoint, out Worker worker, out EndpointMedia media)
    {
        lock (_gate)
        {
            if (_endpoints.TryGetValue(endpoint, out var entry))
            {
                (worker, media) = entry;
                return true;
            }
        }
        worker = null!;
        media = null!;
        return false;
    }

    private IceCandidate? ToCandidate(CandidateElement candidate)
    {
        if (!string.Equals(candidate.Protocol, "udp", StringComparison.OrdinalIgnoreCase) || !IPAddress.TryParse(candidate.Ip, out var ip)
            || candidate.Port is not (> 0 and < 65536) || candidate.Priority is not (> 0 and <= uint.MaxValue))
        {
            _logger.LogDebug("Ignored candidate {Ip}:{Port}/{Protocol}", candidate.Ip, candidate.Port, candidate.Protocol);
            return null;
        }
        var type = candidate.Type switch
        {
            "srflx" => IceCandidateType.ServerReflexive,
            "prflx" => IceCandidateType.PeerReflexive,
            "relay" => IceCandidateType.Relayed,
            _ => IceCandidateType.Host,
        };
        return new IceCandidate(candidate.Foundation ?? "1", (uint)candidate.Priority.Value, new IPEndPoint(ip, candidate.Port.Value), type);
    }
}
