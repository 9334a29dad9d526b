using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Focus;

/// <summary>
/// <c>&lt;conference-properties xmlns="http://jitsi.org/protocol/focus"&gt;&lt;property key value/&gt;…</c> in the
/// focus's MUC presence (PROTOCOL.md §1.4); clients honour it only from the recognised focus.
/// Not thread-safe: one owner at a time.
/// </summary>
public sealed class ConferencePropertiesElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Focus + "conference-properties";

    public const string SupportTerminateRestart = "support-terminate-restart";
    public const string BridgeCount = "bridge-count";
    public const string VisitorsEnabled = "visitors-enabled";
    public const string VisitorCount = "visitor-count";
    public const string AudioLimitReached = "audio-limit-reached";
    public const string VideoLimitReached = "video-limit-reached";
    public const string CreatedMs = "created-ms";

    private static readonly XName PropertyName = Namespaces.Focus + "property";

    public ConferencePropertiesElement(XElement element)
        : base(element)
    {
    }

    public ConferencePropertiesElement()
        : base(new XElement(ElementName))
    {
    }

    /// <summary>The properties in wire order; entries without a key are skipped, a missing value reads as empty.</summary>
    public IEnumerable<(string Key, string Value)> Properties =>
        from p in Element.Elements(PropertyName)
        let key = (string?)p.Attribute("key")
        where key is not null
        select (key, (string?)p.Attribute("value") ?? "");

    public string? this[string key] => Properties.Where(p => p.Key == key).Select(p => p.Value).FirstOrDefault();

    public ConferencePropertiesElement Add(string key, string value)
    {
        Element.Add(new XElement(PropertyName, new XAttribute("key", key), new XAttribute("value", value)));
        return this;
    }
}
