using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Focus;

/// <summary>
/// <c>&lt;conference xmlns="http://jitsi.org/protocol/focus"&gt;</c>, the conference request and its answer
/// (PROTOCOL.md §1.2): room, machine-uid, session-id, token, ready, <c>focusjid</c> (lower case on the wire), vnode,
/// identity and <c>property name value</c> children. Not thread-safe: one owner at a time.
/// </summary>
public sealed class ConferenceRequestElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Focus + "conference";

    private static readonly XName PropertyName = Namespaces.Focus + "property";

    public ConferenceRequestElement(XElement element)
        : base(element)
    {
    }

    public ConferenceRequestElement(string room)
        : base(new XElement(ElementName))
    {
        Room = room;
    }

    /// <summary>The MUC's bare JID; required in a request (a missing one gets <c>bad-request</c>).</summary>
    public string? Room
    {
        get => GetString("room");
        set => SetString("room", value);
    }

    /// <summary><see cref="Room"/> as a bare JID, or null when absent or malformed.</summary>
    public Jid? RoomJid => Jid.TryParse(Room, out var jid) && jid.IsBare && jid.Local is not null ? jid : null;

    public string? MachineUid
    {
        get => GetString("machine-uid");
        set => SetString("machine-uid", value);
    }

    public string? SessionId
    {
        get => GetString("session-id");
        set => SetString("session-id", value);
    }

    /// <summary>A JWT; read by the focus without validation (§1.2).</summary>
    public string? Token
    {
        get => GetString("token");
        set => SetString("token", value);
    }

    /// <summary>True once the focus has joined the room; the client retries on false.</summary>
    public bool? Ready
    {
        get => GetBool("ready");
        set => SetBool("ready", value);
    }

    /// <summary>The bare JID clients trust as the focus; the attribute is <c>focusjid</c>, all lower case.</summary>
    public string? FocusJid
    {
        get => GetString("focusjid");
        set => SetString("focusjid", value);
    }

    public string? VNode
    {
        get => GetString("vnode");
        set => SetString("vnode", value);
    }

    public string? Identity
    {
        get => GetString("identity");
        set => SetString("identity", value);
    }

    public IEnumerable<(string Name, string Value)> Properties => ReadParameters(PropertyName);

    public string? Property(string name) => Properties.Where(p => p.Name == name).Select(p => p.Value).FirstOrDefault();

    public ConferenceRequestElement AddProperty(string name, string value)
    {
        AppendParameter(PropertyName, name, value);
        return this;
    }
}
