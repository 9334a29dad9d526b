using System.Globalization;
using System.Xml.Linq;

namespace Jitsi.Net.XmppComponent.Extensions;

/// <summary>
/// Base of the typed extension views (the slixmpp / xmpp.js model): the wrapped <see cref="XElement"/> is the only
/// state; attributes are read lazily and tolerantly — absent or malformed values read as null, never throw — and
/// written in the invariant culture. Views are not thread-safe: one owner at a time.
/// </summary>
public abstract class ElementView
{
    protected ElementView(XElement element)
    {
        Element = element;
    }

    public XElement Element { get; }

    public override string ToString() => Element.ToString(SaveOptions.DisableFormatting);

    /// <summary>A decimal integer without sign or spaces, as every numeric attribute of these protocols is.</summary>
    public static long? ParseLong(string? text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static int? ParseInt(string? text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary><c>true</c>/<c>false</c> in any case, or <c>1</c>/<c>0</c> (xs:boolean); anything else is null.</summary>
    public static bool? ParseBool(string? text)
    {
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase) || text == "1")
        {
            return true;
        }
        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase) || text == "0")
        {
            return false;
        }
        return null;
    }

    protected string? GetString(string name) => (string?)Element.Attribute(name);

    protected int? GetInt(string name) => ParseInt(GetString(name));

    protected long? GetLong(string name) => ParseLong(GetString(name));

    protected bool? GetBool(string name) => ParseBool(GetString(name));

    /// <summary>Sets an attribute; null removes it.</summary>
    protected void SetString(string name, string? value) => Element.SetAttributeValue(name, value);

    protected void SetNumber(string name, long? value) => SetString(name, value?.ToString(CultureInfo.InvariantCulture));

    protected void SetBool(string name, bool? value) => SetString(name, value switch { null => null, true => "true", false => "false" });

    /// <summary>A flag attribute written only when true (colibri2 <c>create</c>, <c>expire</c>); absent reads false.</summary>
    protected bool GetFlag(string name) => GetBool(name) ?? false;

    protected void SetFlag(string name, bool value) => SetBool(name, value ? true : null);

    /// <summary>True when an empty marker child such as <c>rtcp-mux</c> is present.</summary>
    protected bool HasChild(XName name) => Element.Element(name) is not null;

    /// <summary>Adds the marker child at the end (so build order is wire order) or removes every copy.</summary>
    protected void SetMarker(XName name, bool present)
    {
        if (!present)
        {
            Element.Elements(name).Remove();
        }
        else if (!HasChild(name))
        {
            Element.Add(new XElement(name));
        }
    }

    /// <summary>The <c>&lt;parameter name value/&gt;</c> children in <paramref name="name"/>'s namespace, in wire
    /// order; entries without a name are skipped, a missing value reads as empty.</summary>
    protected IEnumerable<(string Name, string Value)> ReadParameters(XName name) =>
        from p in Element.Elements(name)
        let key = (string?)p.Attribute("name")
        where key is not null
        select (key, (string?)p.Attribute("value") ?? "");

    protected void AppendParameter(XName name, string key, string value) =>
        Element.Add(new XElement(name, new XAttribute("name", key), new XAttribute("value", value)));

    /// <summary>Appends the elements of <paramref name="children"/> in order.</summary>
    protected void Append(IEnumerable<ElementView> children)
    {
        foreach (var child in children)
        {
            Element.Add(child.Element);
        }
    }
}
