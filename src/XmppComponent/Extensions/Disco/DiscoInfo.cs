using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Disco;

/// <summary>
/// Answers service discovery (XEP-0030 §3.1) for our own address: identities and features, with the
/// <c>node</c> attribute echoed. Also answers <c>disco#items</c> with an empty list (§4). Thread-safe.
/// </summary>
public sealed class DiscoInfo
{
    private readonly Lock _gate = new();
    private readonly List<(string Category, string Type, string? Name)> _identities = [];
    private readonly SortedSet<string> _features = new(StringComparer.Ordinal) { Namespaces.DiscoInfo.NamespaceName };

    public DiscoInfo(StanzaRouter router, string category, string type, string? name = null)
    {
        _identities.Add((category, type, name));
        router.HandleIq(IqType.Get, Namespaces.DiscoInfo + "query", (iq, _) => Task.FromResult<XElement?>(Answer(iq)));
        router.HandleIq(IqType.Get, Namespaces.DiscoItems + "query", (iq, _) =>
            Task.FromResult<XElement?>(new XElement(Namespaces.DiscoItems + "query", iq.Payload!.Attribute("node"))));
    }

    public void AddFeature(string feature)
    {
        lock (_gate)
        {
            _features.Add(feature);
        }
    }

    public IReadOnlyCollection<string> Features
    {
        get
        {
            lock (_gate)
            {
                return [.. _features];
            }
        }
    }

    private XElement Answer(Iq iq)
    {
        var query = new XElement(Namespaces.DiscoInfo + "query", iq.Payload!.Attribute("node"));
        lock (_gate)
        {
            foreach (var (category, type, name) in _identities)
            {
                query.Add(new XElement(Namespaces.DiscoInfo + "identity", new XAttribute("category", category), new XAttribute("type", type),
                    name is null ? null : new XAttribute("name", name)));
            }
            foreach (var feature in _features)
            {
                query.Add(new XElement(Namespaces.DiscoInfo + "feature", new XAttribute("var", feature)));
            }
        }
        return query;
    }
}
