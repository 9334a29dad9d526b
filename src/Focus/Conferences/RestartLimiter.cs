namespace Jitsi.Net.Focus.Conferences;

/// <summary>
/// Jicofo's rate limit on a participant's restart requests (PROTOCOL.md §2.4, §2.6): at least a minimum interval
/// apart and at most a number per minute. Owned by the conference queue.
/// </summary>
internal sealed class RestartLimiter(TimeProvider time, TimeSpan minInterval, int perMinute)
{
    private readonly Queue<DateTimeOffset> _recent = new();

    /// <summary>Records the attempt and returns true when it is allowed.</summary>
    public bool TryAcquire()
    {
        var now = time.GetUtcNow();
        while (_recent.Count > 0 && now - _recent.Peek() >= TimeSpan.FromMinutes(1))
        {
            _recent.Dequeue();
        }
        if (_recent.Count >= perMinute || (_recent.Count > 0 && now - _recent.Last() < minInterval))
        {
            return false;
        }
        _recent.Enqueue(now);
        return true;
    }
}
