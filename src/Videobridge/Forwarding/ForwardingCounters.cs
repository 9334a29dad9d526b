namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>What the forwarder did, per Worker. Written on the Worker thread, read by metrics with Volatile reads.</summary>
internal sealed class ForwardingCounters
{
    public long RtpForwarded;
    public long DroppedUnknownSsrc;
    public long DroppedSimulcastLayer;
    public long DroppedForceMuted;
    public long DroppedNoVideoConstraints;
    public long DroppedUnparsable;
    public long KeyframeRequestsRelayed;
    public long KeyframeRequestsRateLimited;
}
