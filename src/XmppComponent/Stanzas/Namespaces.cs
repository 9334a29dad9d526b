using System.Xml.Linq;

namespace Jitsi.Net.XmppComponent.Stanzas;

/// <summary>XML namespaces of the core protocol and the extensions this library speaks.</summary>
public static class Namespaces
{
    /// <summary>The content namespace stanzas carry inside this library, whatever the stream (RFC 6120 §4.8.3);
    /// a component stream's <c>jabber:component:accept</c> is mapped to it on the way in and back on the way out.</summary>
    public static readonly XNamespace Client = "jabber:client";
    public static readonly XNamespace Component = "jabber:component:accept";
    public static readonly XNamespace Streams = "http://etherx.jabber.org/streams";
    public static readonly XNamespace StreamErrors = "urn:ietf:params:xml:ns:xmpp-streams";
    public static readonly XNamespace Stanzas = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public static readonly XNamespace Tls = "urn:ietf:params:xml:ns:xmpp-tls";
    public static readonly XNamespace Sasl = "urn:ietf:params:xml:ns:xmpp-sasl";
    public static readonly XNamespace Bind = "urn:ietf:params:xml:ns:xmpp-bind";
    public static readonly XNamespace Session = "urn:ietf:params:xml:ns:xmpp-session";
    public static readonly XNamespace DiscoInfo = "http://jabber.org/protocol/disco#info";
    public static readonly XNamespace DiscoItems = "http://jabber.org/protocol/disco#items";
    public static readonly XNamespace Ping = "urn:xmpp:ping";
    public static readonly XNamespace Muc = "http://jabber.org/protocol/muc";
    public static readonly XNamespace MucUser = "http://jabber.org/protocol/muc#user";
    public static readonly XNamespace MucOwner = "http://jabber.org/protocol/muc#owner";
    public static readonly XNamespace MucAdmin = "http://jabber.org/protocol/muc#admin";
    public static readonly XNamespace DataForms = "jabber:x:data";
}
