using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag pwd&gt;</c> (XEP-0176 §5) with candidates,
/// <c>rtcp-mux</c>, the DTLS <c>fingerprint</c> (XEP-0320), Jitsi's <c>web-socket</c> URLs and the data channel's
/// <c>sctpmap</c> (PROTOCOL.md §2.2). Colibri2 embeds the same element (§3.3). Not thread-safe: one owner at a time.
/// </summary>
public sealed class IceUdpTransportElement : ElementView
{
    public static readonly XName ElementName = Namespaces.JingleIceUdp + "transport";

    private static readonly XName RtcpMuxName = Namespaces.JingleIceUdp + "rtcp-mux";

    public IceUdpTransportElement(XElement element)
        : base(element)
    {
    }

    public IceUdpTransportElement(string? ufrag = null, string? pwd = null)
        : base(new XElement(ElementName))
    {
        Ufrag = ufrag;
        Pwd = pwd;
    }

    public string? Ufrag
    {
        get => GetString("ufrag");
        set => SetString("ufrag", value);
    }

    public string? Pwd
    {
        get => GetString("pwd");
        set => SetString("pwd", value);
    }

    /// <summary>Set by an in-place ICE restart (PROTOCOL.md §2.4, §3.3).</summary>
    public int? IceGeneration
    {
        get => GetInt("ice-generation");
        set => SetNumber("ice-generation", value);
    }

    public IEnumerable<CandidateElement> Candidates =>
        Element.Elements(CandidateElement.ElementName).Select(e => new CandidateElement(e));

    public IEnumerable<FingerprintElement> Fingerprints =>
        Element.Elements(FingerprintElement.ElementName).Select(e => new FingerprintElement(e));

    public FingerprintElement? Fingerprint => Fingerprints.FirstOrDefault();

    public IEnumerable<WebSocketElement> WebSockets =>
        Element.Elements(WebSocketElement.ElementName).Select(e => new WebSocketElement(e));

    public SctpMapElement? SctpMap => Element.Element(SctpMapElement.ElementName) is { } e ? new SctpMapElement(e) : null;

    /// <summary>Setting true appends the marker (XEP-0176 §5).</summary>
    public bool RtcpMux
    {
        get => HasChild(RtcpMuxName);
        set => SetMarker(RtcpMuxName, value);
    }

    /// <summary>Appends candidates, fingerprints, web-sockets or the sctpmap in wire order.</summary>
    public IceUdpTransportElement Add(params ElementView[] children)
    {
        Append(children);
        return this;
    }
}
