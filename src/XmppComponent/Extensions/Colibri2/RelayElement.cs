using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>
/// <c>&lt;relay id create expire mesh-id&gt;</c> (PROTOCOL.md §3.4): a bridge-to-bridge link named by the remote
/// bridge's relay id, with media, transport and the remote participants mirrored under <c>&lt;endpoints&gt;</c>.
/// Not thread-safe: one owner at a time.
/// </summary>
public sealed class RelayElement : Colibri2Entity
{
    public static readonly XName ElementName = Namespaces.Colibri2 + "relay";

    private static readonly XName EndpointsName = Namespaces.Colibri2 + "endpoints";

    public RelayElement(XElement element)
        : base(element)
    {
    }

    public RelayElement(string id, bool create = false, string? meshId = null)
        : base(new XElement(ElementName))
    {
        Id = id;
        Create = create;
        MeshId = meshId;
    }

    public string? MeshId
    {
        get => GetString("mesh-id");
        set => SetString("mesh-id", value);
    }

    /// <summary>The remote participants mirrored on this relay.</summary>
    public IEnumerable<EndpointElement> Endpoints =>
        Element.Elements(EndpointsName).Elements(EndpointElement.ElementName).Select(e => new EndpointElement(e));

    /// <summary>Appends media or transport in wire order.</summary>
    public RelayElement Add(params ElementView[] children)
    {
        Append(children);
        return this;
    }

    /// <summary>Appends an <c>&lt;endpoints&gt;</c> wrapper holding <paramref name="endpoints"/>.</summary>
    public RelayElement AddEndpoints(params EndpointElement[] endpoints)
    {
        Element.Add(new XElement(EndpointsName, endpoints.Select(e => e.Element)));
        return this;
    }
}
