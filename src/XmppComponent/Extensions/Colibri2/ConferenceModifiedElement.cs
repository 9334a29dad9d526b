using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>
/// <c>&lt;conference-modified xmlns="jitsi:colibri2"&gt;</c> (PROTOCOL.md §3.2): the bridge's answer, one
/// <c>endpoint</c>/<c>relay</c> per requested one and, when something was created, the bridge's feedback
/// <c>sources</c>. Not thread-safe: one owner at a time.
/// </summary>
public sealed class ConferenceModifiedElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Colibri2 + "conference-modified";

    public ConferenceModifiedElement(XElement element)
        : base(element)
    {
    }

    public ConferenceModifiedElement()
        : base(new XElement(ElementName))
    {
    }

    public IEnumerable<EndpointElement> Endpoints => Element.Elements(EndpointElement.ElementName).Select(e => new EndpointElement(e));

    public EndpointElement? Endpoint(string id) => Endpoints.FirstOrDefault(e => e.Id == id);

    public IEnumerable<RelayElement> Relays => Element.Elements(RelayElement.ElementName).Select(e => new RelayElement(e));

    /// <summary>The bridge's feedback sources (<c>jvb-a0</c>, <c>jvb-v0</c>).</summary>
    public SourcesElement? Sources => Element.Element(SourcesElement.ElementName) is { } e ? new SourcesElement(e) : null;

    /// <summary>Appends endpoints, relays and sources in wire order.</summary>
    public ConferenceModifiedElement Add(params ElementView[] children)
    {
        Append(children);
        return this;
    }
}
