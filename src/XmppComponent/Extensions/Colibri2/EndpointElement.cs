using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>
/// <c>&lt;endpoint id stats-id create expire muc-role&gt;</c> (PROTOCOL.md §3.3): one participant on the bridge
/// with its capabilities, media (codec and header-extension maps), transport, sources, force-mute and initial
/// last-n. Not thread-safe: one owner at a time.
/// </summary>
public sealed class EndpointElement : Colibri2Entity
{
    public static readonly XName ElementName = Namespaces.Colibri2 + "endpoint";

    private static readonly XName CapabilityName = Namespaces.Colibri2 + "capability";
    private static readonly XName InitialLastNName = Namespaces.Colibri2 + "initial-last-n";

    public EndpointElement(XElement element)
        : base(element)
    {
    }

    public EndpointElement(string id, bool create = false, string? statsId = null)
        : base(new XElement(ElementName))
    {
        Id = id;
        Create = create;
        StatsId = statsId;
    }

    public string? StatsId
    {
        get => GetString("stats-id");
        set => SetString("stats-id", value);
    }

    /// <summary><c>visitor</c> for visitors, which may not send sources.</summary>
    public string? MucRole
    {
        get => GetString("muc-role");
        set => SetString("muc-role", value);
    }

    /// <summary>Capability names (<see cref="Colibri2Capability"/>); unnamed entries are skipped.</summary>
    public IEnumerable<string> Capabilities =>
        Element.Elements(CapabilityName).Select(c => (string?)c.Attribute("name")).OfType<string>();

    public bool HasCapability(string name) => Capabilities.Contains(name, StringComparer.Ordinal);

    /// <summary>Present means "replace the endpoint's sources with these" (an empty one clears them).</summary>
    public SourcesElement? Sources => Element.Element(SourcesElement.ElementName) is { } e ? new SourcesElement(e) : null;

    public ForceMuteElement? ForceMute => Element.Element(ForceMuteElement.ElementName) is { } e ? new ForceMuteElement(e) : null;

    /// <summary>Null when absent or not a number.</summary>
    public int? InitialLastN => ParseInt((string?)Element.Element(InitialLastNName)?.Attribute("value"));

    public EndpointElement AddCapability(string name)
    {
        Element.Add(new XElement(CapabilityName, new XAttribute("name", name)));
        return this;
    }

    public EndpointElement AddInitialLastN(int value)
    {
        Element.Add(new XElement(InitialLastNName, new XAttribute("value", value)));
        return this;
    }

    /// <summary>Appends media, transport, sources or force-mute in wire order.</summary>
    public EndpointElement Add(params ElementView[] children)
    {
        Append(children);
        return this;
    }
}
