using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;rtcp-fb type subtype/&gt;</c> (XEP-0293 §4): <c>nack</c>, <c>nack pli</c>, <c>ccm fir</c>,
/// <c>transport-cc</c>, <c>goog-remb</c>. Not thread-safe: one owner at a time.
/// </summary>
public sealed class RtcpFeedbackElement : ElementView
{
    public static readonly XName ElementName = Namespaces.JingleRtcpFb + "rtcp-fb";

    public RtcpFeedbackElement(XElement element)
        : base(element)
    {
    }

    public RtcpFeedbackElement(string type, string? subtype = null)
        : base(new XElement(ElementName))
    {
        Type = type;
        Subtype = subtype;
    }

    public string? Type
    {
        get => GetString("type");
        set => SetString("type", value);
    }

    public string? Subtype
    {
        get => GetString("subtype");
        set => SetString("subtype", value);
    }
}
