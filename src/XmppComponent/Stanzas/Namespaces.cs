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

    // Jingle (XEP-0166) and its applications and transports (PROTOCOL.md §10).
    public static readonly XNamespace Jingle = "urn:xmpp:jingle:1";
    public static readonly XNamespace JingleRtp = "urn:xmpp:jingle:apps:rtp:1";
    public static readonly XNamespace JingleRtcpFb = "urn:xmpp:jingle:apps:rtp:rtcp-fb:0";
    public static readonly XNamespace JingleRtpHdrExt = "urn:xmpp:jingle:apps:rtp:rtp-hdrext:0";
    public static readonly XNamespace JingleSsma = "urn:xmpp:jingle:apps:rtp:ssma:0";
    public static readonly XNamespace JingleIceUdp = "urn:xmpp:jingle:transports:ice-udp:1";
    public static readonly XNamespace JingleDtls = "urn:xmpp:jingle:apps:dtls:0";
    public static readonly XNamespace JingleDtlsSctp = "urn:xmpp:jingle:transports:dtls-sctp:1";
    public static readonly XNamespace JingleGrouping = "urn:xmpp:jingle:apps:grouping:0";

    // Jitsi extensions (PROTOCOL.md §10).
    public static readonly XNamespace Focus = "http://jitsi.org/protocol/focus";
    public static readonly XNamespace JitMeet = "http://jitsi.org/jitmeet";
    public static readonly XNamespace StartMuted = "http://jitsi.org/jitmeet/start-muted";
    public static readonly XNamespace Colibri = "http://jitsi.org/protocol/colibri";
    public static readonly XNamespace Colibri2 = "jitsi:colibri2";
    public static readonly XNamespace HealthCheck = "http://jitsi.org/protocol/healthcheck";
}
