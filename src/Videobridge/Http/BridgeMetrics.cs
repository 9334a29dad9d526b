using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using Prometheus;

namespace Jitsi.Net.Videobridge.Http;

/// <summary>
/// The bridge's Prometheus metrics (prometheus-net, its own registry so tests can create several). Gauges are
/// read from their sources at scrape time, so the packet path only bumps plain counters. Thread-safe.
/// </summary>
internal sealed class BridgeMetrics
{
    public BridgeMetrics(ConferenceRegistry conferences, BridgeChannelDispatcher channel, BridgeState state, MediaPlane media)
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        var conferenceGauge = factory.CreateGauge("jitsinet_bridge_conferences", "Conferences on this bridge.");
        var endpointGauge = factory.CreateGauge("jitsinet_bridge_endpoints", "Endpoints on this bridge.");
        var draining = factory.CreateGauge("jitsinet_bridge_graceful_shutdown", "1 while the bridge drains before shutting down.");
        var malformed = factory.CreateGauge("jitsinet_bridge_channel_messages_malformed", "Bridge-channel messages ignored as malformed.");
        var unknown = factory.CreateGauge("jitsinet_bridge_channel_messages_unknown", "Bridge-channel messages of classes the bridge does not handle.");
        Registry.AddBeforeCollectCallback(() =>
        {
            conferenceGauge.Set(conferences.Conferences.Count);
            endpointGauge.Set(conferences.EndpointCount);
            draining.Set(state.GracefulShutdown ? 1 : 0);
            malformed.Set(Interlocked.Read(ref channel.Malformed));
            unknown.Set(Interlocked.Read(ref channel.Unknown));
        });
        MediaMetrics.Register(factory, Registry, media);
        Factory = factory;
    }

    public CollectorRegistry Registry { get; }

    /// <summary>For other parts (transport, forwarding) to add their collectors to the same registry.</summary>
    public IMetricFactory Factory { get; }

    public Task WriteAsync(Stream output, CancellationToken cancellationToken) => Registry.CollectAndExportAsTextAsync(output, cancellationToken);
}
