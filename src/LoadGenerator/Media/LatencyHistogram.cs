namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>
/// Latencies in microseconds, counted into fixed buckets so that recording costs an index and an increment:
/// 1 µs wide up to 1 ms, 10 µs up to 10 ms, 100 µs up to 100 ms, 1 ms up to 1 s, then one overflow bucket.
/// Percentiles report the bucket's upper edge. Owned by one generator Worker thread; merged after it is stopped.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int Buckets = 3_701;
    private readonly long[] _counts = new long[Buckets];

    public long Count { get; private set; }

    public void Record(long microseconds)
    {
        _counts[Index(microseconds)]++;
        Count++;
    }

    public void Clear()
    {
        Array.Clear(_counts);
        Count = 0;
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < Buckets; i++)
        {
            _counts[i] += other._counts[i];
        }
        Count += other.Count;
    }

    /// <summary>The latency in milliseconds below which <paramref name="fraction"/> of the samples lie; NaN when empty.</summary>
    public double PercentileMs(double fraction)
    {
        if (Count == 0)
        {
            return double.NaN;
        }
        var rank = (long)Math.Ceiling(fraction * Count);
        long seen = 0;
        for (var i = 0; i < Buckets; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return UpperEdgeMicroseconds(i) / 1000.0;
            }
        }
        return UpperEdgeMicroseconds(Buckets - 1) / 1000.0;
    }

    private static int Index(long us) => us switch
    {
        < 0 => 0,
        < 1_000 => (int)us,
        < 10_000 => 1_000 + (int)((us - 1_000) / 10),
        < 100_000 => 1_900 + (int)((us - 10_000) / 100),
        < 1_000_000 => 2_800 + (int)((us - 100_000) / 1_000),
        _ => Buckets - 1,
    };

    private static long UpperEdgeMicroseconds(int index) => index switch
    {
        < 1_000 => index + 1,
        < 1_900 => 1_000 + ((index - 1_000 + 1) * 10L),
        < 2_800 => 10_000 + ((index - 1_900 + 1) * 100L),
        < 3_700 => 100_000 + ((index - 2_800 + 1) * 1_000L),
        _ => 1_000_000,
    };
}
