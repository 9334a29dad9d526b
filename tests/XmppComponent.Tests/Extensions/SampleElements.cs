using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Tests.Extensions;

/// <summary>The pieces the PROTOCOL.md samples share (the bridge's and the client's transport, common codecs), built
/// with the views' builders.</summary>
internal static class SampleElements
{
    public const string BridgeFingerprint = "1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8:09:1A:2B:3C:4D:5E:6F:70:81:92:A3:B4:C5:D6:E7:F8:9F";
    public const string ClientFingerprint = "7C:1D:22:0A:9E:5B:3F:61:D4:08:B2:77:C3:19:E0:4A:5F:86:2D:91:0B:C8:E3:74:16:A5:3B:F2:68:0D:C9:41";
    public const string WebSocketUrl = "wss://meet.example.com:443/colibri-ws/jvb1/4f9cb343985d4779/abcd1234?pwd=Qm9vdHN0cmFw";
    public const string BridgeSessionId = "0b1e5c6e-4a2f-4c1d-9a53-2f1c0e7d8b90";
    public const string MeetingId = "0d6c0f7e-2b0f-4c35-9a1e-3c7c1a3b9e11";
    public const string Brewery = "jvbbrewery@internal.auth.example.com/jvb-7f1e";
    public const string FocusOccupant = "standup@conference.example.com/focus";
    public const string Alice = "alice@example.com/web-1";
    public const string TransportCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public const string AudioLevel = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    public static XElement Iq(IqType type, string? from, string? to, string id, ElementView? payload)
    {
        var iq = new Iq(type, to is null ? null : Jid.Parse(to), payload?.Element, id);
        iq.From = from is null ? null : Jid.Parse(from);
        return iq.Element;
    }

    public static CandidateElement BridgeCandidate(string id = "c01", int generation = 0) => new()
    {
        Component = 1, Foundation = "1", Generation = generation, Id = id, Network = 0, Ip = "198.51.100.7",
        Port = 10000, Priority = 2130706431, Protocol = "udp", Type = "host",
    };

    public static CandidateElement ClientHostCandidate() => new()
    {
        Component = 1, Foundation = "842163049", Generation = 0, Id = "1q2w3e", Network = 1, Ip = "192.0.2.10",
        Port = 50123, Priority = 2122260223, Protocol = "udp", Type = "host",
    };

    /// <summary>The bridge's transport in Jingle order: rtcp-mux, fingerprint, candidates, web-socket.</summary>
    public static IceUdpTransportElement BridgeTransport()
    {
        var transport = new IceUdpTransportElement("2kq4h1f", "5d2tm0ol3kq9v1r6t4a8b7c1") { RtcpMux = true };
        return transport.Add(new FingerprintElement("sha-256", "actpass", BridgeFingerprint), BridgeCandidate(), new WebSocketElement(WebSocketUrl));
    }

    public static IceUdpTransportElement ClientTransport() =>
        new IceUdpTransportElement("Yx2P", "nN3qLr8vTb0sKe5wHj2uMc7a").Add(new FingerprintElement("sha-256", "active", ClientFingerprint));

    public static PayloadTypeElement Opus() => new(111, "opus", 48000, 2);

    public static PayloadTypeElement Vp8() => new(100, "VP8", 90000);

    public static PayloadTypeElement Rtx() => new PayloadTypeElement(96, "rtx", 90000).AddParameter("apt", "100");
}
