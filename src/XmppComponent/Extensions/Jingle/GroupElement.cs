using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;group xmlns="urn:xmpp:jingle:apps:grouping:0" semantics="BUNDLE"&gt;&lt;content name=".."/&gt;…</c>
/// (XEP-0338 §3): the contents that share one transport. Not thread-safe: one owner at a time.
/// </summary>
public sealed class GroupElement : ElementView
{
    public static readonly XName ElementName = Namespaces.JingleGrouping + "group";

    public const string Bundle = "BUNDLE";

    private static readonly XName ContentName = Namespaces.JingleGrouping + "content";

    public GroupElement(XElement element)
        : base(element)
    {
    }

    public GroupElement(string semantics, params string[] contentNames)
        : base(new XElement(ElementName))
    {
        Semantics = semantics;
        foreach (var name in contentNames)
        {
            Element.Add(new XElement(ContentName, new XAttribute("name", name)));
        }
    }

    public string? Semantics
    {
        get => GetString("semantics");
        set => SetString("semantics", value);
    }

    /// <summary>The content names in order; entries without a name are skipped.</summary>
    public IEnumerable<string> ContentNames =>
        Element.Elements(ContentName).Select(c => (string?)c.Attribute("name")).OfType<string>();
}
