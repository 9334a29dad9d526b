namespace Jitsi.Net.Focus.Bridges;

/// <summary>
/// Picks the bridge for a conference (PROTOCOL.md §5.3, the single-bridge strategy): a conference keeps its bridge
/// while it is operational and not shutting down; otherwise the least-stressed operational bridge that is not
/// shutting down, preferring (soft filters) not draining, not in graceful shutdown, and the participant's region.
/// Stateless; thread-safe.
/// </summary>
internal sealed class BridgeSelector(BridgeRegistry registry, TimeProvider time)
{
    /// <summary>Null when no bridge can be used (the focus then shows <c>bridgeNotAvailable</c>).</summary>
    public Bridge? Select(string? region, Bridge? current = null)
    {
        var now = time.GetUtcNow();
        if (current is not null && current.IsOperational(now) && !current.ShuttingDown && registry.Find(current.Id) == current)
        {
            return current;
        }
        IEnumerable<Bridge> candidates = registry.Bridges.Where(b => b.IsOperational(now) && !b.ShuttingDown).ToList();
        candidates = Prefer(candidates, b => !b.Drain);
        candidates = Prefer(candidates, b => !b.GracefulShutdown);
        if (region is not null)
        {
            candidates = Prefer(candidates, b => b.Region == region);
        }
        return candidates.OrderBy(b => b.StressLevel).ThenBy(b => b.Id, StringComparer.Ordinal).FirstOrDefault();
    }

    /// <summary>A soft filter: applied only if something is left.</summary>
    private static IEnumerable<Bridge> Prefer(IEnumerable<Bridge> bridges, Func<Bridge, bool> predicate)
    {
        var preferred = bridges.Where(predicate).ToList();
        return preferred.Count > 0 ? preferred : bridges;
    }
}
