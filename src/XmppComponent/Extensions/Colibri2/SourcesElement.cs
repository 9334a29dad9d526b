using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>
/// <c>&lt;sources&gt;</c> of colibri2 (PROTOCOL.md §3.2, §3.3): in an endpoint, the complete new source list of that
/// endpoint (an empty element clears it); in <c>conference-modified</c>, the bridge's feedback sources.
/// Not thread-safe: one owner at a time.
/// </summary>
public sealed class SourcesElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Colibri2 + "sources";

    public SourcesElement(XElement element)
        : base(element)
    {
    }

    public SourcesElement(params MediaSourceElement[] mediaSources)
        : base(new XElement(ElementName))
    {
        Append(mediaSources);
    }

    public IEnumerable<MediaSourceElement> MediaSources =>
        Element.Elements(MediaSourceElement.ElementName).Select(e => new MediaSourceElement(e));

    /// <summary>Counted without parsing, so a caller can refuse an oversized list first.</summary>
    public int SourceCount => Element.Elements(MediaSourceElement.ElementName).Elements(SourceElement.ElementName).Count();

    /// <summary>The sources of <paramref name="owner"/> (the endpoint, or <c>jvb</c> for feedback sources) in the
    /// neutral model, checked like Jingle sources; a <c>source</c> without a name takes its media-source's id.</summary>
    public bool TryGetSources(string owner, int maxSources, [NotNullWhen(true)] out EndpointSourceSet? sources,
        [NotNullWhen(false)] out string? reason)
    {
        sources = null;
        if (SourceCount > maxSources)
        {
            reason = $"{SourceCount} sources exceed the limit of {maxSources}";
            return false;
        }
        var builder = new EndpointSourceSet.Builder();
        foreach (var mediaSource in MediaSources)
        {
            if (mediaSource.Type is not { } media)
            {
                reason = $"media-source '{mediaSource.Id}' without a valid type";
                return false;
            }
            foreach (var source in mediaSource.Sources)
            {
                if (!source.TryGetSsrc(out var ssrc, out reason)
                    || !builder.TryAddSource(owner, media, ssrc, mediaSource.Id ?? source.Name, source.Msid, source.VideoType, out reason))
                {
                    return false;
                }
            }
            foreach (var group in mediaSource.SourceGroups)
            {
                if (!group.TryGetSsrcs(out var ssrcs, out reason) || !builder.TryAddGroup(media, group.Semantics!, ssrcs, out reason))
                {
                    return false;
                }
            }
        }
        return builder.TryBuild(out sources, out reason);
    }

    /// <summary>One media-source per source of the model, audio and video in the model's order.</summary>
    public static SourcesElement From(IEnumerable<SourceDescription> sources, bool withMsid = false) =>
        new([.. sources.Select(s => MediaSourceElement.From(s, withMsid))]);
}
