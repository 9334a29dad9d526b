namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// What one simulcast encoding of a sender's video source measures over the last second: bits per second and frames
/// per second per temporal layer (a layer's rate includes the layers below it, which it needs), and the height of its
/// last key frame (the smaller dimension, as receivers' <c>maxHeight</c> means). Ten 100 ms buckets per temporal
/// layer; a bucket older than the window is zeroed when reused. Preallocated; nothing allocates per packet. Owned by
/// the Worker thread.
/// </summary>
internal sealed class EncodingMeter
{
    public const int TemporalLayers = 4;
    private const int Buckets = 10;

    private readonly long _bucketTicks;
    private readonly long[] _bytes = new long[TemporalLayers * Buckets];
    private readonly int[] _frames = new int[TemporalLayers * Buckets];
    private readonly long[] _bucketNumber = new long[Buckets];
    private long _lastPacket;
    private uint _lastTimestamp;
    private bool _hasTimestamp;

    public EncodingMeter(long timestampFrequency, int nominalHeight)
    {
        _bucketTicks = Math.Max(1, timestampFrequency / Buckets);
        Height = nominalHeight;
        Array.Fill(_bucketNumber, long.MinValue);
    }

    /// <summary>Height of the last key frame seen, or the nominal height of this encoding's index until one is.</summary>
    public int Height { get; set; }

    /// <summary>The highest temporal layer id seen.</summary>
    public int HighestTemporalLayer { get; private set; }

    /// <summary>Counts one packet: its size on the wire, its temporal layer, and a new frame when its RTP timestamp is
    /// newer than the last one's.</summary>
    public void OnPacket(long now, int length, int temporalLayer, uint timestamp)
    {
        var layer = Math.Clamp(temporalLayer, 0, TemporalLayers - 1);
        HighestTemporalLayer = Math.Max(HighestTemporalLayer, layer);
        var bucket = Bucket(now);
        _bytes[(layer * Buckets) + bucket] += length;
        if (!_hasTimestamp || Rtp.RtpSequence.IsNewerTimestamp(timestamp, _lastTimestamp))
        {
            _frames[(layer * Buckets) + bucket]++;
            _lastTimestamp = timestamp;
            _hasTimestamp = true;
        }
        _lastPacket = now;
    }

    /// <summary>Whether a packet arrived within the last second (a sender may suspend an encoding nobody needs).</summary>
    public bool IsActive(long now) => _hasTimestamp && now - _lastPacket <= _bucketTicks * Buckets;

    /// <summary>Bits per second of temporal layers 0…<paramref name="temporalLayer"/> over the last second.</summary>
    public long BitrateBps(long now, int temporalLayer) => Sum(_bytes, now, temporalLayer) * 8;

    /// <summary>Frames per second of temporal layers 0…<paramref name="temporalLayer"/> over the last second.</summary>
    public long FrameRate(long now, int temporalLayer) => Sum(_frames, now, temporalLayer);

    private long Sum<T>(T[] values, long now, int temporalLayer) where T : struct, System.Numerics.INumber<T>
    {
        var current = now / _bucketTicks;
        var sum = T.Zero;
        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            if (current - _bucketNumber[bucket] >= Buckets)
            {
                continue;
            }
            for (var layer = 0; layer <= Math.Min(temporalLayer, TemporalLayers - 1); layer++)
            {
                sum += values[(layer * Buckets) + bucket];
            }
        }
        return long.CreateTruncating(sum);
    }

    private int Bucket(long now)
    {
        var number = now / _bucketTicks;
        var bucket = (int)(number % Buckets);
        if (_bucketNumber[bucket] != number)
        {
            _bucketNumber[bucket] = number;
            for (var layer = 0; layer < TemporalLayers; layer++)
            {
                _bytes[(layer * Buckets) + bucket] = 0;
                _frames[(layer * Buckets) + bucket] = 0;
            }
        }
        return bucket;
    }
}
