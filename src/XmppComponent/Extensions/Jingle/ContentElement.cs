using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;content&gt;</c> (XEP-0166 §7.3): name, creator, senders, an RTP <c>description</c> and an ICE-UDP
/// <c>transport</c>. Jitsi names contents <c>audio</c>, <c>video</c>, <c>data</c> (PROTOCOL.md §2.2).
/// Not thread-safe: one owner at a time.
/// </summary>
public sealed class ContentElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Jingle + "content";

    private static readonly XName InitialLastNName = Namespaces.Colibri2 + "initial-last-n";

    public ContentElement(XElement element)
        : base(element)
    {
    }

    public ContentElement(string name, string? creator = "initiator", string? senders = "both")
        : base(new XElement(ElementName))
    {
        Name = name;
        Creator = creator;
        Senders = senders;
    }

    public string? Name
    {
        get => GetString("name");
        set => SetString("name", value);
    }

    /// <summary><c>initiator</c> or <c>responder</c>.</summary>
    public string? Creator
    {
        get => GetString("creator");
        set => SetString("creator", value);
    }

    /// <summary><c>both</c>, <c>initiator</c>, <c>responder</c> or <c>none</c>; XEP-0166 §7.3 makes absent mean both.</summary>
    public string? Senders
    {
        get => GetString("senders");
        set => SetString("senders", value);
    }

    public RtpDescriptionElement? Description =>
        Element.Element(RtpDescriptionElement.ElementName) is { } e ? new RtpDescriptionElement(e) : null;

    public IceUdpTransportElement? Transport =>
        Element.Element(IceUdpTransportElement.ElementName) is { } e ? new IceUdpTransportElement(e) : null;

    /// <summary>The client's <c>&lt;initial-last-n xmlns="jitsi:colibri2" value=".."/&gt;</c> in the video content of a
    /// session-accept (PROTOCOL.md §2.3); null when absent or not a number.</summary>
    public int? InitialLastN
    {
        get => ParseInt((string?)Element.Element(InitialLastNName)?.Attribute("value"));
        set
        {
            Element.Elements(InitialLastNName).Remove();
            if (value is { } n)
            {
                Element.Add(new XElement(InitialLastNName, new XAttribute("value", n)));
            }
        }
    }

    /// <summary>Appends a description, a transport or other children in wire order.</summary>
    public ContentElement Add(params ElementView[] children)
    {
        Append(children);
        return this;
    }
}
