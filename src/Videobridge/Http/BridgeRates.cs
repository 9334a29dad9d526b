namespace Jitsi.Net.Videobridge.Http;

/// <summary>
/// Bit and packet rates of the media ports for <c>/colibri/stats</c>, from deltas of the Workers' counters between
/// samples at least a second apart (a request sooner gets the previous figures). Thread-safe (a lock; HTTP side only).
/// </summary>
internal sealed class BridgeRates(MediaPlane media, TimeProvider time)
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromSeconds(1);
    private readonly Lock _gate = new();
    private (long BytesIn, long BytesOut, long PacketsIn, long PacketsOut) _last;
    private long _lastTimestamp;
    private Rates _rates = new(0, 0, 0, 0);

    public readonly record struct Rates(long BitrateDownloadKbps, long BitrateUploadKbps, long PacketRateDownload, long PacketRateUpload);

    /// <summary>Download = what the bridge receives, upload = what it sends (as JVB names them).</summary>
    public Rates Sample()
    {
        var counters = media.Workers.Select(w => w.Counters).ToList();
        var now = (counters.Sum(c => Volatile.Read(ref c.BytesReceived)), counters.Sum(c => Volatile.Read(ref c.BytesSent)),
            counters.Sum(c => Volatile.Read(ref c.DatagramsReceived)), counters.Sum(c => Volatile.Read(ref c.DatagramsSent)));
        var timestamp = time.GetTimestamp();
        lock (_gate)
        {
            var elapsed = time.GetElapsedTime(_lastTimestamp, timestamp);
            if (_lastTimestamp != 0 && elapsed < MinInterval)
            {
                return _rates;
            }
            if (_lastTimestamp != 0)
            {
                var seconds = elapsed.TotalSeconds;
                _rates = new Rates(
                    (long)((now.Item1 - _last.BytesIn) * 8 / seconds / 1000),
                    (long)((now.Item2 - _last.BytesOut) * 8 / seconds / 1000),
                    (long)((now.Item3 - _last.PacketsIn) / seconds),
                    (long)((now.Item4 - _last.PacketsOut) / seconds));
            }
            _last = now;
            _lastTimestamp = timestamp;
            return _rates;
        }
    }
}
