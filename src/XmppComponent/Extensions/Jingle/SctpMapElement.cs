using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;sctpmap xmlns="urn:xmpp:jingle:transports:dtls-sctp:1" number protocol streams/&gt;</c> (XEP-0343 §4) in
/// the data content's transport; the client maps it to <c>a=sctp-port</c>. Not thread-safe: one owner at a time.
/// </summary>
public sealed class SctpMapElement : ElementView
{
    public static readonly XName ElementName = Namespaces.JingleDtlsSctp + "sctpmap";

    public SctpMapElement(XElement element)
        : base(element)
    {
    }

    public SctpMapElement(int number = 5000, string protocol = "webrtc-datachannel", int streams = 1024)
        : base(new XElement(ElementName))
    {
        Number = number;
        Protocol = protocol;
        Streams = streams;
    }

    /// <summary>The SCTP port.</summary>
    public int? Number
    {
        get => GetInt("number");
        set => SetNumber("number", value);
    }

    public string? Protocol
    {
        get => GetString("protocol");
        set => SetString("protocol", value);
    }

    public int? Streams
    {
        get => GetInt("streams");
        set => SetNumber("streams", value);
    }
}
