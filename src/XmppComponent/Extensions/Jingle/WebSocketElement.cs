using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;web-socket xmlns="http://jitsi.org/protocol/colibri" url=".."/&gt;</c>: the bridge-channel URL the bridge
/// offers in its transport (PROTOCOL.md §2.2, §4.1). Not thread-safe: one owner at a time.
/// </summary>
public sealed class WebSocketElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Colibri + "web-socket";

    public WebSocketElement(XElement element)
        : base(element)
    {
    }

    public WebSocketElement(string url)
        : base(new XElement(ElementName))
    {
        Url = url;
    }

    public string? Url
    {
        get => GetString("url");
        set => SetString("url", value);
    }

    /// <summary>For relays: whether the receiver should dial (PROTOCOL.md §3.4).</summary>
    public bool? Active
    {
        get => GetBool("active");
        set => SetBool("active", value);
    }
}
