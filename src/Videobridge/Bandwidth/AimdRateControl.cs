namespace Jitsi.Net.Videobridge.Bandwidth;

/// <summary>
/// The rate controller of the delay-based estimate (draft-ietf-rmcat-gcc-02 §5.5). Its state follows the detector's
/// signal: over-use → Decrease (the estimate becomes <see cref="Beta"/> × the acknowledged rate, then Hold),
/// under-use → Hold (the queue drains), normal → Increase; one decrease per over-use episode
/// (<see cref="DecreaseSpacingUs"/>). Increase is multiplicative (<see cref="MultiplicativeIncrease"/>
/// per second) while the acknowledged rate is far from the rates at which over-use was seen before, and additive
/// (about one packet per response time, RTT + 100 ms) within three standard deviations of their average, where
/// the link probably saturates. The estimate never rises above 1.5 × the acknowledged rate + 10 kbps through
/// increases (it cannot learn what it does not send; probes can lift it, <see cref="OnProbe"/>), and stays within
/// [<see cref="BandwidthEstimator.MinBps"/>, <see cref="BandwidthEstimator.MaxBps"/>].
/// </summary>
internal sealed class AimdRateControl(long startBps)
{
    public const double Beta = 0.85;
    public const double MultiplicativeIncrease = 1.08;
    public const int PacketBits = 1200 * 8;

    /// <summary>After a decrease, over-use within an RTT plus this is the same episode (the queue it built is still
    /// draining) and does not decrease again, which would compound β on an acknowledged rate already falling.</summary>
    public const long DecreaseSpacingUs = 300_000;

    private enum Phase
    {
        Hold,
        Increase,
        Decrease,
    }

    private Phase _phase = Phase.Increase;
    private long _lastUpdateUs = -1;
    private long _lastDecreaseUs = long.MinValue / 2;
    private double _averageMaxKbps = -1;
    private double _varianceMaxKbps = 0.4;

    public double EstimateBps { get; private set; } = startBps;

    /// <summary>Applies a detector signal with the acknowledged (received) rate and the round trip time.</summary>
    public double Update(BandwidthUsage usage, double acknowledgedBps, long rttUs, long nowUs)
    {
        var elapsedUs = _lastUpdateUs < 0 ? 0 : Math.Min(nowUs - _lastUpdateUs, 1_000_000);
        _lastUpdateUs = nowUs;
        _phase = (usage, _phase) switch
        {
            (BandwidthUsage.Overusing, _) => Phase.Decrease,
            (BandwidthUsage.Underusing, _) => Phase.Hold,
            (BandwidthUsage.Normal, Phase.Hold or Phase.Decrease) => Phase.Increase,
            _ => _phase,
        };
        var acknowledgedKbps = acknowledgedBps / 1000;
        var deviationKbps = Math.Sqrt(_varianceMaxKbps * Math.Max(_averageMaxKbps, 1));
        if (_averageMaxKbps >= 0 && acknowledgedKbps > _averageMaxKbps + (3 * deviationKbps))
        {
            // Well above where over-use happened before: the path changed, forget it.
            _averageMaxKbps = -1;
        }
        switch (_phase)
        {
            case Phase.Increase when acknowledgedBps > 0:
                var increased = NearConvergence(acknowledgedKbps)
                    ? EstimateBps + (PacketBits * (elapsedUs / (double)(rttUs + 100_000)))
                    : EstimateBps * Math.Pow(MultiplicativeIncrease, elapsedUs / 1e6);
                var cap = (1.5 * acknowledgedBps) + 10_000;
                EstimateBps = Math.Max(EstimateBps, Math.Min(increased, cap));
                break;
            case Phase.Decrease when acknowledgedBps > 0 && nowUs - _lastDecreaseUs >= rttUs + DecreaseSpacingUs:
                EstimateBps = Math.Min(EstimateBps, Beta * acknowledgedBps);
                UpdateMax(acknowledgedKbps);
                _lastDecreaseUs = nowUs;
                _phase = Phase.Hold;
                break;
            case Phase.Decrease:
                // The queue the last decrease left is still draining: the same episode, not a new one.
                _phase = Phase.Hold;
                break;
        }
        return EstimateBps = Math.Clamp(EstimateBps, BandwidthEstimator.MinBps, BandwidthEstimator.MaxBps);
    }

    /// <summary>A probe measured <paramref name="probedBps"/> getting through: the estimate jumps there.</summary>
    public void OnProbe(double probedBps) =>
        EstimateBps = Math.Clamp(Math.Max(EstimateBps, probedBps), BandwidthEstimator.MinBps, BandwidthEstimator.MaxBps);

    /// <summary>Starts from <paramref name="bps"/> (an outside estimate such as REMB).</summary>
    public void Set(double bps) => EstimateBps = Math.Clamp(bps, BandwidthEstimator.MinBps, BandwidthEstimator.MaxBps);

    private bool NearConvergence(double acknowledgedKbps) =>
        _averageMaxKbps >= 0 && Math.Abs(acknowledgedKbps - _averageMaxKbps) <= 3 * Math.Sqrt(_varianceMaxKbps * Math.Max(_averageMaxKbps, 1));

    /// <summary>Exponential average (α 0.05) and normalised variance of the acknowledged rate at over-use.</summary>
    private void UpdateMax(double acknowledgedKbps)
    {
        const double alpha = 0.05;
        if (_averageMaxKbps < 0)
        {
            _averageMaxKbps = acknowledgedKbps;
        }
        else
        {
            _averageMaxKbps = ((1 - alpha) * _averageMaxKbps) + (alpha * acknowledgedKbps);
        }
        var normalised = Math.Max(_averageMaxKbps, 1);
        var error = _averageMaxKbps - acknowledgedKbps;
        _varianceMaxKbps = Math.Clamp(((1 - alpha) * _varianceMaxKbps) + (alpha * error * error / normalised), 0.4, 2.5);
    }
}
