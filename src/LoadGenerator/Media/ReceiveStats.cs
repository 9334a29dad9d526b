namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>Counters of one generator Worker (all its endpoints), reset at the start of a measured step and read
/// at its end, both on that Worker's thread. Loss and reordering live in each endpoint's stream trackers.</summary>
internal sealed class ReceiveStats
{
    public long RtpReceived;
    public long BytesReceived;
    public long RtpSent;
    public long BytesSent;
    public long SendFailures;
    public long NotOurs;
    public long PayloadChecked;
    public long PayloadMismatches;
    public long RtcpReceived;
    public long FramesReceived;
    public long KeyFramesReceived;
    public long KeyFrameRequests;
    public long SendCalls;
    public long SendBatched;

    public LatencyHistogram Latency { get; } = new();

    public void Reset()
    {
        RtpReceived = BytesReceived = RtpSent = BytesSent = SendFailures = NotOurs = PayloadChecked = PayloadMismatches = RtcpReceived = 0;
        // Key frames and their requests are counted over the whole run: servers ask for them when receivers join,
        // which is before the first measured step.
        FramesReceived = SendCalls = SendBatched = 0;
        Latency.Clear();
    }
}
