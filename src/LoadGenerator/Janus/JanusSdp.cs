using System.Globalization;
using System.Net;
using System.Text;
using Jitsi.Net.LoadGenerator.Signalling;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.LoadGenerator.Janus;

/// <summary>
/// The SDP a simulated endpoint exchanges with Janus (JSEP, RFC 8829, over RFC 8866 syntax): a publisher's offer
/// (audio Opus + video VP8, send only, BUNDLE and rtcp-mux, all candidates in the offer, no trickle), the answer to a
/// subscription offer (every m-line echoed receive only with the offered formats), and the server's ICE and DTLS
/// parameters read out of Janus's SDP. The endpoint's DTLS role is always active (RFC 8842 §5: an offer may name
/// <c>active</c>; an answer to <c>actpass</c> picks it). Stateless; any thread.
/// </summary>
internal static class JanusSdp
{
    private const string Crlf = "\r\n";

    /// <summary>The publisher's offer: <c>m=audio</c> (mid 0) and, unless <paramref name="video"/> is false,
    /// <c>m=video</c> (mid 1), with the endpoint's SSRCs.</summary>
    public static string PublisherOffer(LocalDescription local, IPAddress address, byte audioPayloadType, byte videoPayloadType, byte rtxPayloadType,
        bool video)
    {
        var sdp = new StringBuilder();
        Session(sdp, local, address, video ? "0 1" : "0");
        Line(sdp, $"m=audio 9 UDP/TLS/RTP/SAVPF {audioPayloadType}");
        Transport(sdp, local, address, "0", "sendonly");
        Line(sdp, $"a=rtpmap:{audioPayloadType} opus/48000/2");
        Line(sdp, $"a=fmtp:{audioPayloadType} minptime=10;useinbandfec=1");
        Source(sdp, local.AudioSsrc, local.EndpointId, "a0");
        if (video)
        {
            Line(sdp, $"m=video 9 UDP/TLS/RTP/SAVPF {videoPayloadType} {rtxPayloadType}");
            Transport(sdp, local, address, "1", "sendonly");
            Line(sdp, $"a=rtpmap:{videoPayloadType} VP8/90000");
            Line(sdp, $"a=rtcp-fb:{videoPayloadType} nack");
            Line(sdp, $"a=rtcp-fb:{videoPayloadType} nack pli");
            Line(sdp, $"a=rtcp-fb:{videoPayloadType} ccm fir");
            Line(sdp, $"a=rtpmap:{rtxPayloadType} rtx/90000");
            Line(sdp, $"a=fmtp:{rtxPayloadType} apt={videoPayloadType}");
            // RFC 5576 §4.2 groups: SIM over the encodings (low to high), FID pairing each with its RTX SSRC.
            if (local.VideoSsrcs.Count > 1)
            {
                Line(sdp, $"a=ssrc-group:SIM {string.Join(' ', local.VideoSsrcs)}");
            }
            for (var i = 0; i < local.VideoSsrcs.Count; i++)
            {
                Line(sdp, $"a=ssrc-group:FID {local.VideoSsrcs[i]} {local.RtxSsrcs[i]}");
            }
            foreach (var ssrc in local.VideoSsrcs.Concat(local.RtxSsrcs))
            {
                Source(sdp, ssrc, local.EndpointId, "v0");
            }
        }
        return sdp.ToString();
    }

    /// <summary>The answer to a subscription offer: each offered m-line back, receive only, with its formats and
    /// their rtpmap/fmtp/rtcp-fb lines; a rejected (port 0) m-line stays rejected.</summary>
    public static string SubscriberAnswer(LocalDescription local, IPAddress address, string offer)
    {
        var media = Split(offer);
        var mids = media.Where(m => !m.Rejected).Select(m => m.Mid);
        var sdp = new StringBuilder();
        Session(sdp, local, address, string.Join(' ', mids));
        foreach (var m in media)
        {
            Line(sdp, $"m={m.Kind} {(m.Rejected ? 0 : 9)} {m.Proto} {m.Formats}");
            if (m.Rejected)
            {
                Line(sdp, $"c=IN IP4 {address}");
                Line(sdp, $"a=mid:{m.Mid}");
                Text(sdp, "a=inactive");
                continue;
            }
            Transport(sdp, local, address, m.Mid, "recvonly");
            foreach (var format in m.FormatLines)
            {
                Text(sdp, format);
            }
        }
        return sdp.ToString();
    }

    /// <summary>The mids of the offer's accepted m-lines of <paramref name="kind"/> ("audio", "video").</summary>
    public static IReadOnlyList<string> Mids(string offer, string kind) => [.. Split(offer).Where(m => m.Kind == kind && !m.Rejected).Select(m => m.Mid)];

    /// <summary>The server's ICE credentials, host candidates, DTLS fingerprint and setup (the first of each; with
    /// BUNDLE they are the same in every m-line).</summary>
    public static RemoteDescription Remote(string sdp)
    {
        string? ufrag = null, pwd = null, hash = null, fingerprint = null, setup = null;
        var candidates = new List<IceCandidate>();
        foreach (var line in Lines(sdp))
        {
            if (Value(line, "a=ice-ufrag:") is { } u)
            {
                ufrag ??= u;
            }
            else if (Value(line, "a=ice-pwd:") is { } p)
            {
                pwd ??= p;
            }
            else if (Value(line, "a=fingerprint:") is { } f && f.Split(' ') is [var h, var v])
            {
                hash ??= h;
                fingerprint ??= v;
            }
            else if (Value(line, "a=setup:") is { } s)
            {
                setup ??= s;
            }
            else if (Value(line, "a=candidate:") is { } c && Candidate(c) is { } candidate && !candidates.Contains(candidate))
            {
                candidates.Add(candidate);
            }
        }
        var dtlsSetup = setup switch
        {
            "active" => DtlsSetup.Active,
            "passive" => DtlsSetup.Passive,
            "actpass" => DtlsSetup.ActPass,
            _ => throw new FormatException($"Janus's SDP has no usable a=setup ({setup})"),
        };
        return new RemoteDescription(ufrag ?? throw new FormatException("Janus's SDP has no a=ice-ufrag"),
            pwd ?? throw new FormatException("Janus's SDP has no a=ice-pwd"), candidates, hash ?? DtlsCertificate.FingerprintHash,
            fingerprint ?? throw new FormatException("Janus's SDP has no a=fingerprint"), dtlsSetup);
    }

    /// <summary>RFC 8839 §5.1: <c>foundation component transport priority address port typ type …</c>; UDP,
    /// component 1 and IPv4 only (the generator's sockets are IPv4).</summary>
    private static IceCandidate? Candidate(string text)
    {
        var f = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 8 || f[1] != "1" || !f[2].Equals("udp", StringComparison.OrdinalIgnoreCase) || f[6] != "typ"
            || !uint.TryParse(f[3], CultureInfo.InvariantCulture, out var priority) || !IPAddress.TryParse(f[4], out var ip)
            || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || !int.TryParse(f[5], CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }
        var type = f[7] switch
        {
            "host" => IceCandidateType.Host,
            "srflx" => IceCandidateType.ServerReflexive,
            "prflx" => IceCandidateType.PeerReflexive,
            _ => IceCandidateType.Relayed,
        };
        return new IceCandidate(f[0], priority, new IPEndPoint(ip, port), type);
    }

    private sealed record Media(string Kind, bool Rejected, string Proto, string Formats, string Mid, List<string> FormatLines);

    private static List<Media> Split(string offer)
    {
        var media = new List<Media>();
        string? kind = null, proto = null, formats = null, mid = null;
        var rejected = false;
        var formatLines = new List<string>();
        void Flush()
        {
            if (kind is not null)
            {
                media.Add(new Media(kind, rejected, proto!, formats!, mid ?? media.Count.ToString(CultureInfo.InvariantCulture), formatLines));
            }
        }
        foreach (var line in Lines(offer))
        {
            if (Value(line, "m=") is { } m)
            {
                Flush();
                var f = m.Split(' ', 4);
                (kind, rejected, proto, formats, mid) = (f[0], f[1] == "0", f[2], f.Length > 3 ? f[3] : "", null);
                formatLines = [];
            }
            else if (kind is not null && Value(line, "a=mid:") is { } value)
            {
                mid = value;
            }
            else if (kind is not null && (line.StartsWith("a=rtpmap:", StringComparison.Ordinal) || line.StartsWith("a=fmtp:", StringComparison.Ordinal)
                || line.StartsWith("a=rtcp-fb:", StringComparison.Ordinal)))
            {
                formatLines.Add(line);
            }
        }
        Flush();
        return media;
    }

    private static void Session(StringBuilder sdp, LocalDescription local, IPAddress address, string bundle)
    {
        Text(sdp, "v=0");
        Line(sdp, $"o=- {(uint)local.EndpointId.GetHashCode()} 2 IN IP4 {address}");
        Text(sdp, "s=-");
        Text(sdp, "t=0 0");
        Line(sdp, $"a=group:BUNDLE {bundle}");
        Line(sdp, $"a=msid-semantic: WMS {local.EndpointId}");
    }

    private static void Transport(StringBuilder sdp, LocalDescription local, IPAddress address, string mid, string direction)
    {
        Line(sdp, $"c=IN IP4 {address}");
        Text(sdp, "a=rtcp:9 IN IP4 0.0.0.0");
        Line(sdp, $"a=ice-ufrag:{local.Ufrag}");
        Line(sdp, $"a=ice-pwd:{local.Pwd}");
        Line(sdp, $"a=fingerprint:{local.FingerprintHash} {local.Fingerprint}");
        Text(sdp, "a=setup:active");
        Line(sdp, $"a=mid:{mid}");
        Line(sdp, $"a={direction}");
        Text(sdp, "a=rtcp-mux");
        foreach (var candidate in local.Candidates)
        {
            Line(sdp, $"a=candidate:{candidate.Foundation} 1 udp {candidate.Priority} {candidate.EndPoint.Address} {candidate.EndPoint.Port} typ host");
        }
        Text(sdp, "a=end-of-candidates");
    }

    private static void Source(StringBuilder sdp, uint ssrc, string endpointId, string track)
    {
        Line(sdp, $"a=ssrc:{ssrc} cname:{endpointId}");
        Line(sdp, $"a=ssrc:{ssrc} msid:{endpointId} {endpointId}-{track}");
    }

    private static void Line(StringBuilder sdp, FormattableString line) => sdp.Append(line.ToString(CultureInfo.InvariantCulture)).Append(Crlf);

    private static void Text(StringBuilder sdp, string line) => sdp.Append(line).Append(Crlf);

    private static IEnumerable<string> Lines(string sdp) => sdp.Split('\n').Select(l => l.TrimEnd('\r'));

    private static string? Value(string line, string prefix) => line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..] : null;
}
