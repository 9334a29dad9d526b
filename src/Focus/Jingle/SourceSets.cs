using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Focus.Jingle;

/// <summary>
/// Operations on <see cref="EndpointSourceSet"/>s the focus needs: building one from descriptions, merging a
/// <c>source-add</c> into a participant's set, taking a <c>source-remove</c> out of it, and stripping simulcast
/// for receivers (PROTOCOL.md §2.2). Pure functions; thread-safe.
/// </summary>
internal static class SourceSets
{
    /// <summary>A set from descriptions; null when they conflict (an SSRC in two sources).</summary>
    public static EndpointSourceSet? Of(IEnumerable<SourceDescription> sources, out string? reason)
    {
        var builder = new EndpointSourceSet.Builder();
        var groups = new List<(MediaType, SsrcGroup)>();
        foreach (var source in sources)
        {
            foreach (var ssrc in source.Ssrcs)
            {
                if (!builder.TryAddSource(source.Owner, source.Media, ssrc, source.Name, source.Msid, source.VideoType, out reason))
                {
                    return null;
                }
            }
            groups.AddRange(source.Groups.Select(g => (source.Media, g)));
        }
        foreach (var (media, group) in groups.Distinct())
        {
            if (!builder.TryAddGroup(media, group.Semantics, group.Ssrcs, out reason))
            {
                return null;
            }
        }
        return builder.TryBuild(out var set, out reason) ? set : null;
    }

    /// <summary>For sets already known to be consistent.</summary>
    public static EndpointSourceSet Of(IEnumerable<SourceDescription> sources) =>
        Of(sources, out var reason) ?? throw new InvalidOperationException(reason);

    public static EndpointSourceSet Merge(EndpointSourceSet first, EndpointSourceSet second, out string? reason) =>
        Of(first.Sources.Concat(second.Sources), out reason) ?? EndpointSourceSet.Empty;

    /// <summary><paramref name="set"/> without the SSRCs of <paramref name="removed"/>; groups that lose an SSRC and
    /// sources left without SSRCs go too.</summary>
    public static EndpointSourceSet Without(EndpointSourceSet set, EndpointSourceSet removed)
    {
        var gone = removed.Sources.SelectMany(s => s.Ssrcs).ToHashSet();
        return Of(set.Sources
            .Select(s => s with { Ssrcs = [.. s.Ssrcs.Where(x => !gone.Contains(x))], Groups = [.. s.Groups.Where(g => !g.Ssrcs.Any(gone.Contains))] })
            .Where(s => s.Ssrcs.Count > 0));
    }

    /// <summary>
    /// What a receiver is told about a simulcast sender: only the first SSRC of the SIM group, its RTX and the FID
    /// group between them, never a SIM group (PROTOCOL.md §2.2, <c>strip-simulcast</c>). The bridge forwards
    /// whichever layer it picks on that SSRC.
    /// </summary>
    public static EndpointSourceSet StripSimulcast(EndpointSourceSet set) => Of(set.Sources.Select(Strip));

    public static int SsrcCount(EndpointSourceSet set) => set.Sources.Sum(s => s.Ssrcs.Count);

    public static int GroupCount(EndpointSourceSet set) => set.Sources.Sum(s => s.Groups.Count);

    private static SourceDescription Strip(SourceDescription source)
    {
        if (!source.Groups.Any(g => g.Semantics == SourceGroupElement.Simulcast))
        {
            return source;
        }
        var primary = source.PrimarySsrc;
        var fid = source.Groups.Where(g => g.Semantics == SourceGroupElement.FlowId && g.Ssrcs[0] == primary).Take(1).ToList();
        return source with { Ssrcs = [primary, .. fid.Select(g => g.Ssrcs[1])], Groups = fid };
    }
}
