using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;json-message xmlns="http://jitsi.org/jitmeet"&gt;{"sources":…}&lt;/json-message&gt;</c>: sources in the
/// compact JSON form (<see cref="JsonSources"/>, PROTOCOL.md §2.2). Not thread-safe: one owner at a time.
/// </summary>
public sealed class JsonMessageElement : ElementView
{
    public static readonly XName ElementName = Namespaces.JitMeet + "json-message";

    public JsonMessageElement(XElement element)
        : base(element)
    {
    }

    public JsonMessageElement(string json)
        : base(new XElement(ElementName, json))
    {
    }

    public JsonMessageElement(EndpointSourceSet sources)
        : this(sources.ToJson())
    {
    }

    public string Json => Element.Value;

    public bool TryGetSources(int maxSources, [NotNullWhen(true)] out EndpointSourceSet? sources, [NotNullWhen(false)] out string? reason) =>
        JsonSources.TryParse(Json, maxSources, out sources, out reason);
}
