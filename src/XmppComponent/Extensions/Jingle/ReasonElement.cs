using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;reason&gt;&lt;condition/&gt;&lt;text&gt;..&lt;/text&gt;&lt;/reason&gt;</c> (XEP-0166 §7.4): <c>success</c>,
/// <c>connectivity-error</c>, <c>general-error</c>, <c>expired</c>… as Jitsi uses them (PROTOCOL.md §2.6).
/// Not thread-safe: one owner at a time.
/// </summary>
public sealed class ReasonElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Jingle + "reason";

    public const string Success = "success";
    public const string ConnectivityError = "connectivity-error";
    public const string GeneralError = "general-error";
    public const string Expired = "expired";
    public const string SecurityError = "security-error";

    private static readonly XName TextName = Namespaces.Jingle + "text";

    public ReasonElement(XElement element)
        : base(element)
    {
    }

    public ReasonElement(string condition, string? text = null)
        : base(new XElement(ElementName, new XElement(Namespaces.Jingle + condition)))
    {
        if (text is not null)
        {
            Element.Add(new XElement(TextName, text));
        }
    }

    /// <summary>The condition element's name, or null when there is none.</summary>
    public string? Condition =>
        Element.Elements().FirstOrDefault(e => e.Name.Namespace == Namespaces.Jingle && e.Name != TextName)?.Name.LocalName;

    public string? Text => (string?)Element.Element(TextName);
}
