namespace Jitsi.Net.Videobridge.Bandwidth;

/// <summary>
/// The delay-gradient filter of the delay-based controller (draft-ietf-rmcat-gcc-02 §5.3, in its trendline form
/// instead of the Kalman filter the draft describes): each inter-group delay variation is added to an accumulated
/// one-way delay, which is smoothed exponentially (<see cref="Smoothing"/>); a least-squares line is fitted through
/// the last <see cref="Window"/> (arrival time, smoothed delay) points, and its slope — how fast the queue grows —
/// scaled by the number of samples (at most <see cref="MaxSamples"/>) and <see cref="Gain"/> is the modified trend
/// m(i) the overuse detector compares with its threshold. A fixed ring; allocates nothing.
/// </summary>
internal sealed class TrendlineEstimator
{
    public const int Window = 20;
    public const double Smoothing = 0.9;
    public const double Gain = 4;
    public const int MaxSamples = 60;

    private readonly double[] _x = new double[Window];
    private readonly double[] _y = new double[Window];
    private int _count;
    private int _next;
    private long _firstArrivalUs = -1;
    private double _accumulatedMs;
    private double _smoothedMs;
    private int _samples;

    /// <summary>The latest modified trend (0 until the window is full).</summary>
    public double Trend { get; private set; }

    /// <summary>Samples seen, for the detector (it waits for two).</summary>
    public int Samples => _samples;

    public double Update(long sendDeltaUs, long arrivalDeltaUs, long arrivalUs)
    {
        if (_firstArrivalUs < 0)
        {
            _firstArrivalUs = arrivalUs;
        }
        _samples++;
        _accumulatedMs += (arrivalDeltaUs - sendDeltaUs) / 1000.0;
        _smoothedMs = (Smoothing * _smoothedMs) + ((1 - Smoothing) * _accumulatedMs);
        _x[_next] = (arrivalUs - _firstArrivalUs) / 1000.0;
        _y[_next] = _smoothedMs;
        _next = (_next + 1) % Window;
        _count = Math.Min(_count + 1, Window);
        if (_count == Window && TrySlope(out var slope))
        {
            Trend = slope * Math.Min(_samples, MaxSamples) * Gain;
        }
        return Trend;
    }

    private bool TrySlope(out double slope)
    {
        double meanX = 0, meanY = 0;
        for (var i = 0; i < _count; i++)
        {
            meanX += _x[i];
            meanY += _y[i];
        }
        meanX /= _count;
        meanY /= _count;
        double numerator = 0, denominator = 0;
        for (var i = 0; i < _count; i++)
        {
            numerator += (_x[i] - meanX) * (_y[i] - meanY);
            denominator += (_x[i] - meanX) * (_x[i] - meanX);
        }
        slope = denominator == 0 ? 0 : numerator / denominator;
        return denominator != 0;
    }
}
