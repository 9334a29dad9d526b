using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;description xmlns="urn:xmpp:jingle:apps:rtp:1"&gt;</c> (XEP-0167 §4): media, payload types, header
/// extensions (XEP-0294), <c>rtcp-mux</c>, <c>extmap-allow-mixed</c> and the sources and groups of XEP-0339.
/// Not thread-safe: one owner at a time.
/// </summary>
public sealed class RtpDescriptionElement : ElementView
{
    public static readonly XName ElementName = Namespaces.JingleRtp + "description";

    private static readonly XName RtcpMuxName = Namespaces.JingleRtp + "rtcp-mux";

    public RtpDescriptionElement(XElement element)
        : base(element)
    {
    }

    public RtpDescriptionElement(string media)
        : base(new XElement(ElementName))
    {
        Media = media;
    }

    /// <summary><c>audio</c>, <c>video</c> or <c>application</c> (the data content).</summary>
    public string? Media
    {
        get => GetString("media");
        set => SetString("media", value);
    }

    /// <summary>Jicofo puts <c>maxptime="60"</c> on the audio description (PROTOCOL.md §2.2).</summary>
    public int? MaxPtime
    {
        get => GetInt("maxptime");
        set => SetNumber("maxptime", value);
    }

    public IEnumerable<PayloadTypeElement> PayloadTypes =>
        Element.Elements(PayloadTypeElement.ElementName).Select(e => new PayloadTypeElement(e));

    public IEnumerable<HeaderExtensionElement> HeaderExtensions =>
        Element.Elements(HeaderExtensionElement.ElementName).Select(e => new HeaderExtensionElement(e));

    public IEnumerable<SourceElement> Sources => Element.Elements(SourceElement.ElementName).Select(e => new SourceElement(e));

    public IEnumerable<SourceGroupElement> SourceGroups =>
        Element.Elements(SourceGroupElement.ElementName).Select(e => new SourceGroupElement(e));

    /// <summary>Counted without parsing, so a caller can refuse an oversized description first.</summary>
    public int SourceCount => Element.Elements(SourceElement.ElementName).Count();

    /// <summary>RTP and RTCP on one port (RFC 5761, XEP-0167 §5); setting true appends the marker.</summary>
    public bool RtcpMux
    {
        get => HasChild(RtcpMuxName);
        set => SetMarker(RtcpMuxName, value);
    }

    /// <summary>One- and two-byte header extensions mixed (RFC 8285 §6, XEP-0294 §3); setting true appends it.</summary>
    public bool ExtmapAllowMixed
    {
        get => HasChild(HeaderExtensionElement.ExtmapAllowMixedName);
        set => SetMarker(HeaderExtensionElement.ExtmapAllowMixedName, value);
    }

    /// <summary>Appends payload types, header extensions, sources and groups in wire order.</summary>
    public RtpDescriptionElement Add(params ElementView[] children)
    {
        Append(children);
        return this;
    }
}
