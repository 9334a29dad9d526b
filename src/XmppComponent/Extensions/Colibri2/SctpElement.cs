using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>
/// <c>&lt;sctp role port/&gt;</c> (PROTOCOL.md §3.3): empty in a request for a data channel; the bridge answers
/// <c>role="server" port="5000"</c>. Not thread-safe: one owner at a time.
/// </summary>
public sealed class SctpElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Colibri2 + "sctp";

    public SctpElement(XElement element)
        : base(element)
    {
    }

    public SctpElement(string? role = null, int? port = null)
        : base(new XElement(ElementName))
    {
        Role = role;
        Port = port;
    }

    public string? Role
    {
        get => GetString("role");
        set => SetString("role", value);
    }

    public int? Port
    {
        get => GetInt("port");
        set => SetNumber("port", value);
    }
}
