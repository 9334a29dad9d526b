using Jitsi.Net.Focus.Jingle;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Focus.Conferences;

/// <summary>
/// The sources every participant of a conference has signalled and the focus accepted, by endpoint id, with the
/// checks Jicofo makes before accepting more (PROTOCOL.md §2.3): the sender owns every source and names it after
/// itself, at most <c>max-ssrcs-per-user</c> SSRCs and as many groups, grouped sources carry an msid, and no SSRC
/// belongs to two endpoints, no msid names two sources. (SSRC range, unsignalled group members and FID size are checked when the request is
/// parsed.) Owned by the conference queue.
/// </summary>
internal sealed class SourceMap(int maxSsrcsPerEndpoint)
{
    private readonly Dictionary<string, EndpointSourceSet> _sources = new(StringComparer.Ordinal);

    public EndpointSourceSet this[string owner] => _sources.TryGetValue(owner, out var set) ? set : EndpointSourceSet.Empty;

    /// <summary>Checks <paramref name="proposed"/> as the complete new set of <paramref name="owner"/>.</summary>
    public bool TryValidate(string owner, EndpointSourceSet proposed, out string? reason)
    {
        reason = null;
        foreach (var source in proposed.Sources)
        {
            reason = source.Owner != owner ? $"source {source.Name} is signalled for {source.Owner}, not {owner}"
                : !source.Name.StartsWith(owner + "-", StringComparison.Ordinal) ? $"source name {source.Name} does not start with {owner}-"
                : source.Groups.Count > 0 && string.IsNullOrEmpty(source.Msid) ? $"grouped source {source.Name} has no msid"
                : null;
            if (reason is not null)
            {
                return false;
            }
        }
        if (SourceSets.SsrcCount(proposed) > maxSsrcsPerEndpoint || SourceSets.GroupCount(proposed) > maxSsrcsPerEndpoint)
        {
            reason = $"more than {maxSsrcsPerEndpoint} ssrcs or groups";
            return false;
        }
        var others = _sources.Where(p => p.Key != owner).SelectMany(p => p.Value.Sources).ToList();
        var taken = others.SelectMany(s => s.Ssrcs).ToHashSet();
        var conflict = proposed.Sources.SelectMany(s => s.Ssrcs).FirstOrDefault(taken.Contains);
        if (conflict != 0)
        {
            reason = $"ssrc {conflict} is already used by another endpoint";
            return false;
        }
        // A receiver maps remote tracks by msid, so one msid must name one source (§2.3).
        var msids = proposed.Sources.Where(s => s.Msid is not null).ToList();
        var repeated = msids.GroupBy(s => s.Msid).FirstOrDefault(g => g.Count() > 1)?.Key
            ?? msids.Select(s => s.Msid).FirstOrDefault(m => others.Any(o => o.Msid == m));
        if (repeated is not null)
        {
            reason = $"msid '{repeated}' is used by another source";
            return false;
        }
        return true;
    }

    public void Set(string owner, EndpointSourceSet sources)
    {
        if (sources.IsEmpty)
        {
            _sources.Remove(owner);
        }
        else
        {
            _sources[owner] = sources;
        }
    }

    public void Remove(string owner) => _sources.Remove(owner);

    /// <summary>Every other endpoint's sources as a receiver sees them: simulcast stripped (§2.2).</summary>
    public EndpointSourceSet ForReceiver(string receiver) =>
        SourceSets.StripSimulcast(SourceSets.Of(_sources.Where(p => p.Key != receiver).SelectMany(p => p.Value.Sources)));
}
