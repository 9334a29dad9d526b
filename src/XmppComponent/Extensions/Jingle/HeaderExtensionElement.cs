using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;rtp-hdrext id uri senders/&gt;</c> (XEP-0294 §3): an RTP header extension id ↔ URI mapping (RFC 8285).
/// Not thread-safe: one owner at a time.
/// </summary>
public sealed class HeaderExtensionElement : ElementView
{
    public static readonly XName ElementName = Namespaces.JingleRtpHdrExt + "rtp-hdrext";

    /// <summary><c>extmap-allow-mixed</c> lives in the same namespace (XEP-0294 §3).</summary>
    public static readonly XName ExtmapAllowMixedName = Namespaces.JingleRtpHdrExt + "extmap-allow-mixed";

    public HeaderExtensionElement(XElement element)
        : base(element)
    {
    }

    public HeaderExtensionElement(int id, string uri)
        : base(new XElement(ElementName))
    {
        Id = id;
        Uri = uri;
    }

    /// <summary>1–14 for one-byte, up to 255 for two-byte extensions (RFC 8285 §4); null when malformed.</summary>
    public int? Id
    {
        get => GetInt("id") is { } id and >= 1 and <= 255 ? id : null;
        set => SetNumber("id", value);
    }

    public string? Uri
    {
        get => GetString("uri");
        set => SetString("uri", value);
    }

    /// <summary>Absent means both (XEP-0294 §3).</summary>
    public string? Senders
    {
        get => GetString("senders");
        set => SetString("senders", value);
    }
}
