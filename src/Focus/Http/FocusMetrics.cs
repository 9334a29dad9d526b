using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.Focus.Conferences;
using Prometheus;

namespace Jitsi.Net.Focus.Http;

/// <summary>
/// The focus's Prometheus metrics (prometheus-net, its own registry): conferences, participants, Jingle sessions,
/// failed colibri2 requests and bridges, read at scrape time from the registries (conference counts are a snapshot,
/// read without the conference queues). Thread-safe.
/// </summary>
internal sealed class FocusMetrics
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    public FocusMetrics(ConferenceRegistry conferences, BridgeRegistry bridges)
    {
        var factory = Metrics.WithCustomRegistry(_registry);
        var conferenceGauge = factory.CreateGauge("jitsinet_focus_conferences", "Conferences the focus runs.");
        var participantGauge = factory.CreateGauge("jitsinet_focus_participants", "Participants in all conferences.");
        var sessionGauge = factory.CreateGauge("jitsinet_focus_jingle_sessions", "Jingle sessions with participants.");
        var failures = factory.CreateGauge("jitsinet_focus_colibri2_failures", "colibri2 requests that failed or timed out since start.");
        var bridgeGauge = factory.CreateGauge("jitsinet_focus_bridges", "Bridges in the brewery.");
        var operational = factory.CreateGauge("jitsinet_focus_bridges_operational", "Bridges in the brewery that are operational.");
        _registry.AddBeforeCollectCallback(() =>
        {
            var started = conferences.Started;
            conferenceGauge.Set(started.Count);
            participantGauge.Set(started.Sum(c => c.Sessions.ParticipantCount));
            sessionGauge.Set(started.Sum(c => c.Sessions.SessionCount));
            failures.Set(ConferenceSessions.ColibriFailures);
            var all = bridges.Bridges;
            bridgeGauge.Set(all.Count);
            operational.Set(all.Count(b => b.IsOperational(DateTimeOffset.UtcNow)));
        });
    }

    public Task WriteAsync(Stream output, CancellationToken cancellationToken) => _registry.CollectAndExportAsTextAsync(output, cancellationToken);
}
