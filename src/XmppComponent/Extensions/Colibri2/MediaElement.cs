using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>
/// <c>&lt;media type="audio|video"&gt;</c> (PROTOCOL.md §3.3): the Jingle <c>payload-type</c>s, <c>rtp-hdrext</c>s
/// and <c>extmap-allow-mixed</c> that define an endpoint's PT ↔ codec and extension-id maps. Not thread-safe: one owner at a time.
/// </summary>
public sealed class MediaElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Colibri2 + "media";

    public MediaElement(XElement element)
        : base(element)
    {
    }

    public MediaElement(MediaType type)
        : base(new XElement(ElementName))
    {
        Element.SetAttributeValue("type", type.ToWire());
    }

    /// <summary>Null when absent or neither audio nor video.</summary>
    public MediaType? Type => MediaTypeNames.TryParse(GetString("type"), out var type) ? type : null;

    public IEnumerable<PayloadTypeElement> PayloadTypes =>
        Element.Elements(PayloadTypeElement.ElementName).Select(e => new PayloadTypeElement(e));

    public IEnumerable<HeaderExtensionElement> HeaderExtensions =>
        Element.Elements(HeaderExtensionElement.ElementName).Select(e => new HeaderExtensionElement(e));

    /// <summary>Setting true appends the marker.</summary>
    public bool ExtmapAllowMixed
    {
        get => HasChild(HeaderExtensionElement.ExtmapAllowMixedName);
        set => SetMarker(HeaderExtensionElement.ExtmapAllowMixedName, value);
    }

    /// <summary>Appends payload types and header extensions in wire order.</summary>
    public MediaElement Add(params ElementView[] children)
    {
        Append(children);
        return this;
    }
}
