using Jitsi.Net.Videobridge.Rtcp;

namespace Jitsi.Net.Videobridge.Bandwidth;

/// <summary>
/// The bridge's estimate of what it can send to one receiver (PROTOCOL.md §6.6), in the spirit of Google Congestion
/// Control (draft-ietf-rmcat-gcc-02). With transport-cc (draft-holmer-rmcat-transport-wide-cc-extensions-01) the bridge
/// remembers what it sent (<see cref="SendSideHistory"/>) and, per feedback, matches arrivals to sends: the
/// delay-based controller (<see cref="InterGroupDelay"/> → <see cref="TrendlineEstimator"/> →
/// <see cref="OveruseDetector"/> → <see cref="AimdRateControl"/>) and the loss-based one
/// (<see cref="LossBasedController"/>) each give a rate; the estimate is the smaller. Without transport-cc, the
/// receiver's REMB (draft-alvestrand-rmcat-remb-03) bounded by the loss controller fed from receiver reports.
/// Probe clusters (<see cref="ProbeCluster"/>, sent by <see cref="BandwidthProber"/>) measure whether more gets
/// through and lift the delay-based rate. Times are µs; arrival times are on the receiver's clock, unwrapped from the
/// feedback's 24-bit reference time. Owned by the receiver's Worker thread; allocates nothing.
/// </summary>
internal sealed class BandwidthEstimator
{
    public const long MinBps = 30_000;
    public const long MaxBps = 20_000_000;

    /// <summary>1 Mbps: enough for audio and a mid layer from the start, at most twice a 500 kbps link for the first
    /// round trip, and probing finds a faster link within seconds.</summary>
    public const long StartBps = 1_000_000;

    /// <summary>Statuses one feedback may carry; a longer one is dropped (the bridge's own carries 256).</summary>
    public const int MaxFeedbackEntries = 2048;

    /// <summary>Timer ticks (10 ms each) a probe cluster is sent over, and the fewest packets of it that must arrive.</summary>
    public const int ProbeTicks = 5;
    public const int MinProbePackets = 5;

    /// <summary>A probe's result must reach this share of its target for the next, twice as fast, to follow.</summary>
    public const double ProbeSuccessShare = 0.8;

    public const long ProbeTimeoutUs = 2_000_000;
    public const long ProbeIntervalUs = 1_000_000;
    public const long ApplicationLimitedProbeIntervalUs = 5_000_000;

    /// <summary>Below this share of the estimate the receiver gets less than it could (simulcast layers are coarse
    /// steps, and increases stop at 1.5 × the acknowledged rate): probe now and then to find out what it could get.</summary>
    public const double ApplicationLimitedShare = 0.8;

    private readonly TransportFeedbackEntry[] _entries = new TransportFeedbackEntry[MaxFeedbackEntries];
    private readonly InterGroupDelay _groups = new();
    private readonly TrendlineEstimator _trendline = new();
    private readonly OveruseDetector _detector = new();
    private readonly AimdRateControl _delayBased = new(StartBps);
    private readonly LossBasedController _lossBased = new();
    private readonly AcknowledgedRate _acknowledged = new();
    private ProbeCluster _probe;
    private int _nextProbeId;
    private bool _probeUpward = true;
    private bool _hasReference;
    private int _lastReferenceTime;
    private long _referenceTime;
    private double _rembBps = -1;
    private ushort _lastReported;

    public SendSideHistory History { get; } = new();

    /// <summary>True once transport-cc feedback arrived: REMB is then ignored.</summary>
    public bool UsesTransportCc { get; private set; }

    /// <summary>True once feedback or REMB gave the estimate something to go on.</summary>
    public bool HasEstimate { get; private set; }

    /// <summary>Send probe clusters (tests turn it off to compare).</summary>
    public bool ProbingEnabled { get; set; } = true;

    public long RttUs { get; private set; } = 100_000;

    public double AcknowledgedBps => _acknowledged.Bps;

    public double DelayBasedBps => _delayBased.EstimateBps;

    public double LossBasedBps => _lossBased.EstimateBps;

    public BandwidthUsage Usage => _detector.State;

    /// <summary>The last probe result (bps), 0 before any.</summary>
    public double LastProbeBps { get; private set; }

    public int ProbeClustersCompleted { get; private set; }

    /// <summary>The estimate in bits per second: the smaller of the delay- (or REMB-) and the loss-based rate.</summary>
    public long EstimateBps
    {
        get
        {
            var primary = UsesTransportCc || _rembBps < 0 ? _delayBased.EstimateBps : _rembBps;
            return (long)Math.Clamp(Math.Min(primary, _lossBased.EstimateBps), MinBps, MaxBps);
        }
    }

    /// <summary>The probe cluster in progress, if any.</summary>
    public ref readonly ProbeCluster Probe => ref _probe;

    /// <summary>A packet left toward the receiver with transport-wide sequence number <paramref name="sequenceNumber"/>.</summary>
    public void OnPacketSent(ushort sequenceNumber, int size, long nowUs)
    {
        var cluster = _probe.Sending ? _probe.Id : -1;
        if (_probe.Sending)
        {
            _probe.OnSent(sequenceNumber, size);
        }
        History.OnSent(sequenceNumber, size, nowUs, cluster);
    }

    /// <summary>One transport-cc feedback packet (draft-holmer §3.1) from the receiver. False when malformed or
    /// longer than <see cref="MaxFeedbackEntries"/> (then nothing changes).</summary>
    public bool OnTransportFeedback(ReadOnlySpan<byte> packet, long nowUs)
    {
        if (!TransportFeedback.TryParse(packet, out var feedback) || feedback.StatusCount > _entries.Length
            || !feedback.TryGetEntries(_entries, out var count) || count == 0)
        {
            return false;
        }
        UsesTransportCc = true;
        var arrivalUs = UnwrapReferenceTime(feedback.ReferenceTime) * TransportFeedback.ReferenceTimeMicroseconds;
        int lost = 0, received = 0;
        var newestSendUs = long.MinValue;
        var overuse = false;
        _lastReported = _entries[count - 1].SequenceNumber;
        for (var i = 0; i < count; i++)
        {
            var entry = _entries[i];
            if (!entry.Received)
            {
                if (History.TryPeek(entry.SequenceNumber, out _))
                {
                    lost++;
                }
                continue;
            }
            arrivalUs += entry.DeltaMicroseconds;
            if (!History.TryTake(entry.SequenceNumber, nowUs, out var sent))
            {
                continue;
            }
            received++;
            newestSendUs = Math.Max(newestSendUs, sent.SendTimeUs);
            _acknowledged.OnPacket(arrivalUs, sent.Size);
            if (sent.ProbeCluster == _probe.Id && sent.ProbeCluster >= 0)
            {
                _probe.OnReceived(sent, arrivalUs);
            }
            // A probe overfills the path on purpose and says so through its own result; its packets (and media sent
            // meanwhile) stay out of the delay filter, or the queue it builds would read as congestion.
            if (sent.ProbeCluster < 0 && _groups.OnPacket(sent.SendTimeUs, arrivalUs, out var sendDeltaUs, out var arrivalDeltaUs, out var groupArrivalUs))
            {
                var trend = _trendline.Update(sendDeltaUs, arrivalDeltaUs, groupArrivalUs);
                overuse |= _detector.Detect(trend, _trendline.Samples, sendDeltaUs, groupArrivalUs) == BandwidthUsage.Overusing;
            }
        }
        if (received + lost == 0)
        {
            return true;
        }
        HasEstimate = true;
        if (newestSendUs != long.MinValue)
        {
            // Includes the receiver's wait for its next feedback; a smoothed upper bound of the round trip is enough
            // for the additive increase's response time.
            RttUs = ((7 * RttUs) + Math.Max(nowUs - newestSendUs, 0)) / 8;
        }
        _delayBased.Update(overuse ? BandwidthUsage.Overusing : _detector.State, _acknowledged.Bps, RttUs, nowUs);
        _lossBased.OnPackets(lost, received + lost, EstimateBps, nowUs);
        CompleteProbe(nowUs);
        return true;
    }

    /// <summary>A REMB (draft-alvestrand-rmcat-remb-03 §2) from the receiver; used while it sends no transport-cc.</summary>
    public void OnRemb(ulong bitrateBps)
    {
        if (UsesTransportCc)
        {
            return;
        }
        _rembBps = Math.Min(bitrateBps, (ulong)MaxBps);
        HasEstimate = true;
    }

    /// <summary>A report block's fraction lost (RFC 3550 §6.4.1, /256) from the receiver; feeds the loss controller
    /// while it sends no transport-cc (which reports loss itself).</summary>
    public void OnReceiverReportLoss(byte fractionLost)
    {
        if (UsesTransportCc)
        {
            return;
        }
        _lossBased.OnLossFraction(fractionLost / 256.0, EstimateBps);
    }

    /// <summary>Whether a probe cluster should start now, and at what rate: twice the estimate, first right away
    /// and again after each cluster that got through (so a fast link is found in a few round trips); later when the
    /// desired rate is above the estimate (every <see cref="ProbeIntervalUs"/>) or, while the receiver gets less than
    /// <see cref="ApplicationLimitedShare"/> of the estimate (application-limited), every
    /// <see cref="ApplicationLimitedProbeIntervalUs"/>.</summary>
    public bool TryStartProbe(long desiredBps, long nowUs, out long targetBps)
    {
        targetBps = 0;
        if (!ProbingEnabled || _probe.Sending || (_probe.Id > 0 && !_probe.Finished && nowUs - _probe.StartUs < ProbeTimeoutUs)
            || EstimateBps >= MaxBps)
        {
            return false;
        }
        var sinceLastUs = _probe.Id == 0 ? long.MaxValue : nowUs - _probe.StartUs;
        var applicationLimited = HasEstimate && _acknowledged.Bps < ApplicationLimitedShare * EstimateBps;
        var due = _probeUpward
            || (desiredBps > EstimateBps && sinceLastUs >= ProbeIntervalUs)
            || (applicationLimited && sinceLastUs >= ApplicationLimitedProbeIntervalUs);
        if (!due)
        {
            return false;
        }
        targetBps = Math.Min(2 * EstimateBps, MaxBps);
        _probe.Start(++_nextProbeId, targetBps, nowUs);
        _probeUpward = false;
        return true;
    }

    /// <summary>Bytes of padding still due in the current cluster at this tick (its target over the ticks so far,
    /// less what was sent in it), or 0.</summary>
    public long ProbeBytesDue(long tickUs)
    {
        if (!_probe.Sending)
        {
            return 0;
        }
        var due = _probe.TargetBps * tickUs * (_probe.Ticks + 1) / 8_000_000;
        return Math.Max(due - _probe.BytesSent, 0);
    }

    /// <summary>One tick of the cluster is sent; after <see cref="ProbeTicks"/> it stops tagging packets.</summary>
    public void OnProbeTick()
    {
        if (_probe.Sending && ++_probe.Ticks >= ProbeTicks)
        {
            _probe.Sending = false;
        }
    }

    private void CompleteProbe(long nowUs)
    {
        if (_probe.Id == 0 || _probe.Sending || _probe.Finished)
        {
            return;
        }
        var reportedToEnd = (short)(_lastReported - _probe.LastSequenceNumber) >= 0;
        if (!reportedToEnd && nowUs - _probe.StartUs < ProbeTimeoutUs)
        {
            return;
        }
        _probe.Finished = true;
        if (!_probe.TryGetResult(out var bps))
        {
            return;
        }
        LastProbeBps = bps;
        ProbeClustersCompleted++;
        _delayBased.OnProbe(bps);
        _probeUpward = bps >= ProbeSuccessShare * _probe.TargetBps;
    }

    private long UnwrapReferenceTime(int referenceTime)
    {
        if (!_hasReference)
        {
            _hasReference = true;
            _referenceTime = referenceTime;
        }
        else
        {
            // 24-bit signed difference to the previous feedback's reference time.
            _referenceTime += ((referenceTime - _lastReferenceTime) << 8) >> 8;
        }
        _lastReferenceTime = referenceTime;
        return _referenceTime;
    }
}
