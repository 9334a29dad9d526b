using System.Xml.Linq;

namespace Jitsi.Net.XmppComponent.Stanzas;

/// <summary>
/// A typed view over a stanza element (<c>iq</c>, <c>message</c> or <c>presence</c> in <see cref="Namespaces.Client"/>).
/// The element is the state; the view adds typed access. Not thread-safe: one owner at a time.
/// </summary>
public abstract class Stanza
{
    protected Stanza(XElement element)
    {
        Element = element;
    }

    public XElement Element { get; }

    public string? Id
    {
        get => (string?)Element.Attribute("id");
        set => Element.SetAttributeValue("id", value);
    }

    /// <summary>The <c>to</c> address, or null if absent or not a valid JID (see <see cref="HasValidAddresses"/>).</summary>
    public Jid? To
    {
        get => Jid.TryParse((string?)Element.Attribute("to"), out var jid) ? jid : null;
        set => Element.SetAttributeValue("to", value?.ToString());
    }

    public Jid? From
    {
        get => Jid.TryParse((string?)Element.Attribute("from"), out var jid) ? jid : null;
        set => Element.SetAttributeValue("from", value?.ToString());
    }

    /// <summary>False when <c>to</c> or <c>from</c> is present but is not a valid JID (RFC 6120 §8.1.1, §8.1.2).</summary>
    public bool HasValidAddresses =>
        IsValidOrAbsent((string?)Element.Attribute("to")) && IsValidOrAbsent((string?)Element.Attribute("from"));

    /// <summary>The raw <c>type</c> attribute.</summary>
    public string? TypeName => (string?)Element.Attribute("type");

    /// <summary>The first child in <paramref name="name"/>, if any.</summary>
    public XElement? Child(XName name) => Element.Element(name);

    /// <summary>The <c>error</c> child, if this stanza is an error.</summary>
    public StanzaError? Error => StanzaError.FromStanza(Element);

    public override string ToString() => Element.ToString(SaveOptions.DisableFormatting);

    /// <summary>Makes the right view for a stanza element, or null if it is not a stanza.</summary>
    public static Stanza? Wrap(XElement element)
    {
        if (element.Name.Namespace != Namespaces.Client)
        {
            return null;
        }
        return element.Name.LocalName switch
        {
            "iq" => new Iq(element),
            "message" => new Message(element),
            "presence" => new Presence(element),
            _ => null,
        };
    }

    private static bool IsValidOrAbsent(string? value) => value is null || Jid.TryParse(value, out _);
}
