using System.Xml.Linq;

namespace Jitsi.Net.XmppComponent.Stanzas;

/// <summary>A presence stanza (RFC 6120 §8.2.2, RFC 6121 §4). Not thread-safe.</summary>
public sealed class Presence : Stanza
{
    private static readonly XName Name = Namespaces.Client + "presence";

    public Presence(XElement element)
        : base(element)
    {
    }

    public Presence(Jid? to = null, string? type = null)
        : base(new XElement(Name))
    {
        To = to;
        if (type is not null)
        {
            Element.SetAttributeValue("type", type);
        }
    }

    /// <summary>Null for available presence; otherwise <c>unavailable</c>, <c>error</c>, <c>subscribe</c>…</summary>
    public string? Type => TypeName;

    public bool IsAvailable => Type is null;

    public bool IsUnavailable => Type == "unavailable";
}
