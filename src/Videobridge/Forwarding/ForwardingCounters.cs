namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>What the forwarding did, per Worker. Written on that Worker's thread, read by metrics with Volatile reads.</summary>
internal sealed class ForwardingCounters
{
    public long RtpForwarded;
    public long DroppedUnknownSsrc;
    public long DroppedSimulcastLayer;
    public long DroppedForceMuted;
    public long DroppedNoVideoConstraints;
    public long DroppedUnparsable;
    public long DroppedNotSelected;
    public long DroppedRtx;
    public long DroppedSilentAudio;
    public long DroppedDuplicate;
    public long DroppedRtxDuplicate;
    public long NacksSent;
    public long SenderPacketsNacked;
    public long SenderRtxRecovered;
    public long DroppedMalformed;
    public long KeyframeRequestsForSwitch;
    public long KeyframeRequestsRelayed;
    public long KeyframeRequestsRateLimited;
    public long NacksReceived;
    public long NackedPacketsServed;
    public long NackedPacketsUnserved;
    public long RtxSent;
    public long PlainRetransmissionsSent;
    public long ReceiverReportsSent;
    public long SenderReportsSent;
    public long TransportCcFeedbackSent;
    public long TransportCcReceived;
    public long RembReceived;
    public long TransportCcMalformed;
    public long ProbeClustersSent;
    public long ProbePacketsSent;
}
