namespace Jitsi.Net.Videobridge.Bandwidth;

/// <summary>
/// One probe cluster toward a receiver and what its feedback said: every packet sent while the cluster runs
/// (padding and media alike) is tagged with its id; the bridge tops the cluster up with padding to
/// <see cref="TargetBps"/> over <see cref="BandwidthEstimator.ProbeTicks"/> timer ticks. From the feedback, the rate
/// it was sent at (bytes without the last packet over the send span) and the rate it arrived at (bytes without the
/// first packet over the arrival span); the smaller is what the path carried. A mutable value kept by
/// <see cref="BandwidthEstimator"/>; allocates nothing.
/// </summary>
internal struct ProbeCluster
{
    public int Id;
    public long TargetBps;
    public bool Sending;
    public bool Finished;
    public int Ticks;
    public long StartUs;
    public long BytesSent;
    public int PacketsSent;
    public ushort LastSequenceNumber;
    public int Received;
    public long ReceivedBytes;
    public long FirstSendUs;
    public long LastSendUs;
    public int LastSendSize;
    public long FirstArrivalUs;
    public int FirstArrivalSize;
    public long LastArrivalUs;

    public void Start(int id, long targetBps, long nowUs) =>
        this = new ProbeCluster { Id = id, TargetBps = targetBps, Sending = true, StartUs = nowUs, FirstSendUs = long.MaxValue, FirstArrivalUs = long.MaxValue, LastSendUs = long.MinValue, LastArrivalUs = long.MinValue };

    public void OnSent(ushort sequenceNumber, int size)
    {
        BytesSent += size;
        PacketsSent++;
        LastSequenceNumber = sequenceNumber;
    }

    public void OnReceived(in SentPacket packet, long arrivalUs)
    {
        Received++;
        ReceivedBytes += packet.Size;
        if (packet.SendTimeUs < FirstSendUs)
        {
            FirstSendUs = packet.SendTimeUs;
        }
        if (packet.SendTimeUs >= LastSendUs)
        {
            LastSendUs = packet.SendTimeUs;
            LastSendSize = packet.Size;
        }
        if (arrivalUs < FirstArrivalUs)
        {
            FirstArrivalUs = arrivalUs;
            FirstArrivalSize = packet.Size;
        }
        LastArrivalUs = Math.Max(LastArrivalUs, arrivalUs);
    }

    /// <summary>The rate the path carried, or false when too little of the cluster arrived to tell.</summary>
    public readonly bool TryGetResult(out double bps)
    {
        bps = 0;
        var sendUs = LastSendUs - FirstSendUs;
        var arrivalUs = LastArrivalUs - FirstArrivalUs;
        if (Received < BandwidthEstimator.MinProbePackets || sendUs <= 0 || arrivalUs <= 0)
        {
            return false;
        }
        var sendBps = (ReceivedBytes - LastSendSize) * 8e6 / sendUs;
        var receiveBps = (ReceivedBytes - FirstArrivalSize) * 8e6 / arrivalUs;
        bps = Math.Min(sendBps, receiveBps);
        return true;
    }
}
