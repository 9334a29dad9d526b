using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Muc;

/// <summary>
/// One occupant of a room as its latest presence shows it (XEP-0045 §7.2.3): nickname, role, affiliation, the real
/// JID when the room exposes it, and the presence element itself with its extensions (SourceInfo, stats-id, caps…).
/// Immutable: a presence update makes a new instance.
/// </summary>
public sealed record MucOccupant(Jid OccupantJid, Jid? RealJid, string Affiliation, string Role, Presence Presence)
{
    public string Nickname => OccupantJid.Resource ?? "";

    /// <summary>The first extension element named <paramref name="name"/> in the occupant's presence.</summary>
    public XElement? Extension(XName name) => Presence.Element.Element(name);

    internal static MucOccupant FromPresence(Jid occupantJid, Presence presence)
    {
        var item = presence.Element.Element(Namespaces.MucUser + "x")?.Element(Namespaces.MucUser + "item");
        var real = Jid.TryParse((string?)item?.Attribute("jid"), out var jid) ? jid : null;
        return new MucOccupant(occupantJid, real, (string?)item?.Attribute("affiliation") ?? "none", (string?)item?.Attribute("role") ?? "none", presence);
    }
}
