using System.Diagnostics.CodeAnalysis;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// The sources of one or more endpoints keyed by owner (endpoint id), in the order they were signalled — what a
/// <c>session-initiate</c>, <c>source-add</c>/<c>source-remove</c> or colibri2 <c>sources</c> carries. Converts to
/// and from the XML (<see cref="Builder"/>, <see cref="AddTo"/>) and JSON (<see cref="JsonSources"/>) forms.
/// Built once by a <see cref="Builder"/>, then immutable and thread-safe.
/// </summary>
public sealed partial class EndpointSourceSet
{
    private readonly List<string> _owners;
    private readonly Dictionary<string, List<SourceDescription>> _byOwner;

    private EndpointSourceSet(List<string> owners, Dictionary<string, List<SourceDescription>> byOwner)
    {
        _owners = owners;
        _byOwner = byOwner;
    }

    public static EndpointSourceSet Empty { get; } = new([], []);

    /// <summary>Owners in the order their first source was signalled.</summary>
    public IReadOnlyList<string> Owners => _owners;

    public IReadOnlyList<SourceDescription> this[string owner] =>
        _byOwner.TryGetValue(owner, out var sources) ? sources : [];

    public IEnumerable<SourceDescription> Sources => _owners.SelectMany(o => _byOwner[o]);

    /// <summary>The number of named sources (not SSRCs).</summary>
    public int Count => _byOwner.Values.Sum(s => s.Count);

    public bool IsEmpty => _owners.Count == 0;

    public IEnumerable<SourceDescription> OfMedia(MediaType media) => Sources.Where(s => s.Media == media);

    /// <summary>The same owners, sources, SSRCs and groups in the same order.</summary>
    public bool SetEquals(EndpointSourceSet other) =>
        _owners.SequenceEqual(other._owners) && Sources.SequenceEqual(other.Sources);

    /// <summary>Writes the sources of <paramref name="media"/> into a description as XEP-0339 elements with Jitsi's
    /// <c>ssrc-info</c> owner and <c>msid</c> (PROTOCOL.md §2.2): every source first, then every group.</summary>
    public void AddTo(RtpDescriptionElement description, MediaType media, bool withOwner = true)
    {
        var sources = OfMedia(media).ToList();
        foreach (var source in sources)
        {
            foreach (var ssrc in source.Ssrcs)
            {
                var element = new SourceElement(ssrc, source.Name, source.VideoType);
                if (withOwner)
                {
                    element.AddOwner(source.Owner);
                }
                if (source.Msid is not null)
                {
                    element.AddParameter("msid", source.Msid);
                }
                description.Add(element);
            }
        }
        description.Add([.. sources.SelectMany(s => s.Groups).Select(g => new SourceGroupElement(g.Semantics, g.Ssrcs))]);
    }

    /// <summary>A set of the given sources, checked like any other input (two sources may not share an SSRC).</summary>
    public static bool TryCreate(IEnumerable<SourceDescription> sources, [NotNullWhen(true)] out EndpointSourceSet? set,
        [NotNullWhen(false)] out string? reason)
    {
        set = null;
        var builder = new Builder();
        foreach (var source in sources)
        {
            if (!builder.TryAdd(source, out reason))
            {
                return false;
            }
        }
        return builder.TryBuild(out set, out reason);
    }

    /// <summary>The sources of the owners <paramref name="keep"/> accepts, e.g. all but the receiver's own.</summary>
    public EndpointSourceSet Where(Func<string, bool> keep)
    {
        var owners = _owners.Where(keep).ToList();
        return new EndpointSourceSet(owners, owners.ToDictionary(o => o, o => _byOwner[o], StringComparer.Ordinal));
    }

    public string ToJson() => JsonSources.Write(this);

    public static bool TryParseJson(string json, int maxSources, [NotNullWhen(true)] out EndpointSourceSet? sources,
        [NotNullWhen(false)] out string? reason) =>
        JsonSources.TryParse(json, maxSources, out sources, out reason);
}
