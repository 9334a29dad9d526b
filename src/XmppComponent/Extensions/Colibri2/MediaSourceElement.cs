using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>
/// <c>&lt;media-source type id synthetic&gt;</c> (PROTOCOL.md §3.3): one named source with its Jingle <c>source</c>s
/// (SSRCs) and <c>ssrc-group</c>s; <c>id</c> is the source name. Not thread-safe: one owner at a time.
/// </summary>
public sealed class MediaSourceElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Colibri2 + "media-source";

    public MediaSourceElement(XElement element)
        : base(element)
    {
    }

    public MediaSourceElement(MediaType type, string id)
        : base(new XElement(ElementName))
    {
        Element.SetAttributeValue("type", type.ToWire());
        Id = id;
    }

    /// <summary>Null when absent or neither audio nor video.</summary>
    public MediaType? Type => MediaTypeNames.TryParse(GetString("type"), out var type) ? type : null;

    /// <summary>The source name, <c>&lt;endpoint&gt;-v0</c>.</summary>
    public string? Id
    {
        get => GetString("id");
        set => SetString("id", value);
    }

    public bool? Synthetic
    {
        get => GetBool("synthetic");
        set => SetBool("synthetic", value);
    }

    public IEnumerable<SourceElement> Sources => Element.Elements(SourceElement.ElementName).Select(e => new SourceElement(e));

    public IEnumerable<SourceGroupElement> SourceGroups =>
        Element.Elements(SourceGroupElement.ElementName).Select(e => new SourceGroupElement(e));

    /// <summary>Appends sources and groups in wire order.</summary>
    public MediaSourceElement Add(params ElementView[] children)
    {
        Append(children);
        return this;
    }

    /// <summary>The element for one source of the neutral model: a <c>source</c> per SSRC (named, with msid when
    /// <paramref name="withMsid"/>), then its groups.</summary>
    public static MediaSourceElement From(SourceDescription source, bool withMsid = false)
    {
        var element = new MediaSourceElement(source.Media, source.Name);
        foreach (var ssrc in source.Ssrcs)
        {
            var child = new SourceElement(ssrc, source.Name);
            if (withMsid && source.Msid is not null)
            {
                child.AddParameter("msid", source.Msid);
            }
            element.Add(child);
        }
        return element.Add([.. source.Groups.Select(g => new SourceGroupElement(g.Semantics, g.Ssrcs))]);
    }
}
