using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>
/// Colibri2's <c>&lt;transport ice-controlling use-unique-port ice-restart&gt;</c> (PROTOCOL.md §3.3): wraps the
/// embedded ICE-UDP transport (ufrag, pwd, candidates, fingerprint, <c>web-socket</c>) and the <c>sctp</c> request
/// or answer. Not thread-safe: one owner at a time.
/// </summary>
public sealed class TransportElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Colibri2 + "transport";

    public TransportElement(XElement element)
        : base(element)
    {
    }

    public TransportElement(bool? iceControlling = null)
        : base(new XElement(ElementName))
    {
        IceControlling = iceControlling;
    }

    /// <summary>Jicofo creates endpoints with the bridge as controlling agent.</summary>
    public bool? IceControlling
    {
        get => GetBool("ice-controlling");
        set => SetBool("ice-controlling", value);
    }

    /// <summary>A relay's dedicated UDP port (§3.4).</summary>
    public bool? UseUniquePort
    {
        get => GetBool("use-unique-port");
        set => SetBool("use-unique-port", value);
    }

    public bool? IceRestart
    {
        get => GetBool("ice-restart");
        set => SetBool("ice-restart", value);
    }

    public IceUdpTransportElement? IceUdp =>
        Element.Element(IceUdpTransportElement.ElementName) is { } e ? new IceUdpTransportElement(e) : null;

    public SctpElement? Sctp => Element.Element(SctpElement.ElementName) is { } e ? new SctpElement(e) : null;

    /// <summary>Appends the ICE-UDP transport and/or sctp in wire order.</summary>
    public TransportElement Add(params ElementView[] children)
    {
        Append(children);
        return this;
    }
}
