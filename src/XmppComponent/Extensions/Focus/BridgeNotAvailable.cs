using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Focus;

/// <summary>
/// <c>&lt;bridgeNotAvailable xmlns="http://jitsi.org/protocol/focus"/&gt;</c>: a marker in the focus's presence while
/// bridge selection fails; clients report BRIDGE_DOWN (PROTOCOL.md §1.4). Stateless and thread-safe.
/// </summary>
public static class BridgeNotAvailable
{
    public static readonly XName ElementName = Namespaces.Focus + "bridgeNotAvailable";

    public static XElement Create() => new(ElementName);

    public static bool IsIn(XElement presence) => presence.Element(ElementName) is not null;
}
