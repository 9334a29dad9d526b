using System.Xml.Linq;

namespace Jitsi.Net.XmppComponent.Stanzas;

/// <summary>A message stanza (RFC 6120 §8.2.1, RFC 6121 §5). Not thread-safe.</summary>
public sealed class Message : Stanza
{
    private static readonly XName Name = Namespaces.Client + "message";

    public Message(XElement element)
        : base(element)
    {
    }

    public Message(Jid? to, string type = "normal", string? body = null)
        : base(new XElement(Name))
    {
        To = to;
        Element.SetAttributeValue("type", type);
        if (body is not null)
        {
            Element.Add(new XElement(Namespaces.Client + "body", body));
        }
    }

    /// <summary><c>normal</c> when absent (RFC 6121 §5.2.2).</summary>
    public string Type => TypeName ?? "normal";

    public string? Body => (string?)Element.Element(Namespaces.Client + "body");
}
