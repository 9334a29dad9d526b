using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;bridge-session xmlns="http://jitsi.org/protocol/focus" id region restart ice-restart/&gt;</c>
/// (PROTOCOL.md §2.2, §2.4, §2.6): names the colibri2 session a Jingle session runs on; the client echoes the id
/// when it asks for a restart. Not thread-safe: one owner at a time.
/// </summary>
public sealed class BridgeSessionElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Focus + "bridge-session";

    public BridgeSessionElement(XElement element)
        : base(element)
    {
    }

    public BridgeSessionElement(string id, string? region = null)
        : base(new XElement(ElementName))
    {
        Id = id;
        Region = region;
    }

    public string? Id
    {
        get => GetString("id");
        set => SetString("id", value);
    }

    public string? Region
    {
        get => GetString("region");
        set => SetString("region", value);
    }

    /// <summary>On session-terminate: re-invite me with a new session (§2.6).</summary>
    public bool? Restart
    {
        get => GetBool("restart");
        set => SetBool("restart", value);
    }

    /// <summary>On session-info: restart ICE in place (§2.4).</summary>
    public bool? IceRestart
    {
        get => GetBool("ice-restart");
        set => SetBool("ice-restart", value);
    }
}
