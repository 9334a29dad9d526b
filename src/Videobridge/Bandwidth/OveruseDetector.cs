namespace Jitsi.Net.Videobridge.Bandwidth;

/// <summary>What the overuse detector concludes about the path (draft-ietf-rmcat-gcc-02 §5.4).</summary>
internal enum BandwidthUsage
{
    Normal,
    Overusing,
    Underusing,
}

/// <summary>
/// The over-use detector of draft-ietf-rmcat-gcc-02 §5.4: the modified trend m(i) against an adaptive threshold
/// γ(i). m above γ for longer than <see cref="OveruseTimeUs"/> (and not falling) is over-use; below −γ under-use;
/// otherwise normal. γ follows |m| (§5.4: γ(i) = γ(i−1) + Δt·K·(|m(i)| − γ(i−1)), K = <see cref="KUp"/> when |m| is
/// above γ and <see cref="KDown"/> when below, Δt capped at 100 ms), is not updated for outliers more than 15 above
/// it, and stays within [6, 600] so that competing TCP-like flows do not starve it and a noisy path does not make it
/// hair-trigger. The gains are the ones used with the trendline filter (its m scale differs from the Kalman filter's).
/// </summary>
internal sealed class OveruseDetector
{
    public const double InitialThreshold = 12.5;
    public const double KUp = 0.0087;
    public const double KDown = 0.039;
    public const long OveruseTimeUs = 10_000;

    private long _lastUpdateUs = -1;
    private double _previousTrend;
    private long _overuseUs = -1;
    private int _overuseCount;

    public double Threshold { get; private set; } = InitialThreshold;

    public BandwidthUsage State { get; private set; } = BandwidthUsage.Normal;

    public BandwidthUsage Detect(double trend, int samples, long sendDeltaUs, long nowUs)
    {
        if (samples < 2)
        {
            return State = BandwidthUsage.Normal;
        }
        if (trend > Threshold)
        {
            _overuseUs = _overuseUs < 0 ? sendDeltaUs / 2 : _overuseUs + sendDeltaUs;
            _overuseCount++;
            if (_overuseUs > OveruseTimeUs && _overuseCount > 1 && trend >= _previousTrend)
            {
                _overuseUs = 0;
                _overuseCount = 0;
                State = BandwidthUsage.Overusing;
            }
        }
        else if (trend < -Threshold)
        {
            _overuseUs = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Underusing;
        }
        else
        {
            _overuseUs = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Normal;
        }
        _previousTrend = trend;
        UpdateThreshold(trend, nowUs);
        return State;
    }

    private void UpdateThreshold(double trend, long nowUs)
    {
        if (_lastUpdateUs < 0)
        {
            _lastUpdateUs = nowUs;
        }
        var magnitude = Math.Abs(trend);
        if (magnitude > Threshold + 15)
        {
            _lastUpdateUs = nowUs;
            return;
        }
        var k = magnitude < Threshold ? KDown : KUp;
        var elapsedMs = Math.Min((nowUs - _lastUpdateUs) / 1000.0, 100);
        Threshold = Math.Clamp(Threshold + (k * (magnitude - Threshold) * elapsedMs), 6, 600);
        _lastUpdateUs = nowUs;
    }
}
