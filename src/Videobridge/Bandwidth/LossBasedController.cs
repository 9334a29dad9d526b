namespace Jitsi.Net.Videobridge.Bandwidth;

/// <summary>
/// The loss-based controller of draft-ietf-rmcat-gcc-02 §6: over an interval of at least <see cref="IntervalUs"/>
/// and <see cref="MinPackets"/> reported packets, the fraction lost p moves the loss-based estimate A_s —
/// p &gt; 10 %: A_s = A_s × (1 − 0.5 p); p &lt; 2 %: A_s = 1.05 × A_s; else unchanged. A_s starts unlimited, so it
/// only caps the estimate after real loss, and a decrease starts from the estimate in force (not from a stale, higher
/// A_s). Fed from transport-cc (lost = reported not received) or, without it, from receiver reports' fraction lost.
/// </summary>
internal sealed class LossBasedController
{
    public const long IntervalUs = 500_000;
    public const int MinPackets = 20;
    public const double HighLoss = 0.10;
    public const double LowLoss = 0.02;

    private long _lost;
    private long _total;
    private long _intervalStartUs = -1;

    public double EstimateBps { get; private set; } = BandwidthEstimator.MaxBps;

    /// <summary>The fraction lost of the last interval evaluated.</summary>
    public double LastLossFraction { get; private set; }

    /// <summary>Counts reported packets; evaluates when the interval is complete.</summary>
    public void OnPackets(int lost, int total, double currentBps, long nowUs)
    {
        if (_intervalStartUs < 0)
        {
            _intervalStartUs = nowUs;
        }
        _lost += lost;
        _total += total;
        if (_total >= MinPackets && nowUs - _intervalStartUs >= IntervalUs)
        {
            OnLossFraction(_lost / (double)_total, currentBps);
            _lost = _total = 0;
            _intervalStartUs = nowUs;
        }
    }

    /// <summary>Applies one measured fraction lost (a receiver report's, or an interval's).</summary>
    public void OnLossFraction(double loss, double currentBps)
    {
        LastLossFraction = loss;
        if (loss > HighLoss)
        {
            EstimateBps = Math.Max(BandwidthEstimator.MinBps, Math.Min(EstimateBps, currentBps) * (1 - (0.5 * loss)));
        }
        else if (loss < LowLoss)
        {
            EstimateBps = Math.Min(BandwidthEstimator.MaxBps, EstimateBps * 1.05);
        }
    }
}
