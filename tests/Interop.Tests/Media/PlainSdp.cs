using System.Globalization;
using System.Text;

namespace Jitsi.Net.Interop.Tests.Media;

/// <summary>The bridge's side of a plain SDP offer/answer with one audio and one video m-line (test signalling).</summary>
/// <remarks>Without SSRCs (null) the m-lines signal none, and the browser takes the first unsignalled stream of each
/// kind — how a two-party test receives the other party's media without renegotiating.</remarks>
internal sealed record BridgeOffer(string Ufrag, string Pwd, string Fingerprint, string CandidateAddress, int CandidatePort,
    uint? AudioSsrc = null, uint? VideoSsrc = null, uint? VideoRtxSsrc = null, bool HeaderExtensions = false);

/// <summary>What a peer's answer says: its ICE credentials, DTLS fingerprint and role, candidates and sending SSRCs.</summary>
internal sealed record PeerAnswer(string Ufrag, string Pwd, string FingerprintHash, string Fingerprint, string Setup,
    IReadOnlyList<(string Address, int Port, uint Priority, string Foundation)> Candidates,
    uint? AudioSsrc, uint? VideoSsrc, IReadOnlyDictionary<string, int> PayloadTypes, uint? VideoRtxSsrc = null);

/// <summary>
/// Builds the offer a bridge would send (RFC 8829 shape: BUNDLE, rtcp-mux, setup:actpass, the bridge's one host
/// candidate, Opus 111 and VP8 100 + RTX 96, the bridge's own sending SSRCs) and reads the answer back.
/// Only loopback candidates of the answer are kept.
/// </summary>
internal static class PlainSdp
{
    /// <summary>Header extension ids offered when <see cref="BridgeOffer.HeaderExtensions"/> is set (Chromium's usual ones).</summary>
    public const int AudioLevelId = 1;
    public const int AbsSendTimeId = 2;
    public const int TransportCcId = 3;

    public static string Offer(BridgeOffer offer)
    {
        var sb = new StringBuilder();
        void Line(string text) => sb.Append(text).Append("\r\n");
        void HopExtensions()
        {
            Line($"a=extmap:{AbsSendTimeId} http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
            Line($"a=extmap:{TransportCcId} http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
        }
        Line("v=0");
        Line("o=- 4611731400430051336 2 IN IP4 127.0.0.1");
        Line("s=-");
        Line("t=0 0");
        Line("a=group:BUNDLE 0 1");
        Line("a=msid-semantic: WMS bridge");
        void Common(string mid)
        {
            Line("c=IN IP4 0.0.0.0");
            Line("a=rtcp:9 IN IP4 0.0.0.0");
            Line($"a=ice-ufrag:{offer.Ufrag}");
            Line($"a=ice-pwd:{offer.Pwd}");
            Line($"a=fingerprint:sha-256 {offer.Fingerprint}");
            Line("a=setup:actpass");
            Line($"a=mid:{mid}");
            Line("a=sendrecv");
            Line("a=rtcp-mux");
        }
        Line("m=audio 9 UDP/TLS/RTP/SAVPF 111");
        Common("0");
        Line("a=rtpmap:111 opus/48000/2");
        Line("a=fmtp:111 minptime=10;useinbandfec=1");
        if (offer.HeaderExtensions)
        {
            Line("a=rtcp-fb:111 transport-cc");
            Line($"a=extmap:{AudioLevelId} urn:ietf:params:rtp-hdrext:ssrc-audio-level");
            HopExtensions();
        }
        if (offer.AudioSsrc is { } audio)
        {
            Line($"a=ssrc:{audio} cname:bridge");
            Line($"a=ssrc:{audio} msid:bridge bridge-audio");
        }
        Line(string.Create(CultureInfo.InvariantCulture, $"a=candidate:1 1 udp 2130706431 {offer.CandidateAddress} {offer.CandidatePort} typ host generation 0"));
        Line("a=end-of-candidates");
        Line("m=video 9 UDP/TLS/RTP/SAVPF 100 96");
        Common("1");
        Line("a=rtpmap:100 VP8/90000");
        Line("a=rtcp-fb:100 nack");
        Line("a=rtcp-fb:100 nack pli");
        Line("a=rtcp-fb:100 ccm fir");
        if (offer.HeaderExtensions)
        {
            Line("a=rtcp-fb:100 transport-cc");
            HopExtensions();
        }
        Line("a=rtpmap:96 rtx/90000");
        Line("a=fmtp:96 apt=100");
        if (offer.VideoSsrc is { } video && offer.VideoRtxSsrc is { } rtx)
        {
            Line($"a=ssrc-group:FID {video} {rtx}");
            foreach (var ssrc in new[] { video, rtx })
            {
                Line($"a=ssrc:{ssrc} cname:bridge");
                Line($"a=ssrc:{ssrc} msid:bridge bridge-video");
            }
        }
        return sb.ToString();
    }

    public static PeerAnswer ParseAnswer(string sdp)
    {
        string? ufrag = null, pwd = null, hash = null, fingerprint = null, setup = null, media = null;
        uint? audio = null, video = null;
        var candidates = new List<(string, int, uint, string)>();
        var payloadTypes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var fidSecondaries = new HashSet<uint>();
        var fidPairs = new Dictionary<uint, uint?>();
        foreach (var raw in sdp.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                media = line[2..line.IndexOf(' ', StringComparison.Ordinal)];
            }
            else if (line.StartsWith("a=ice-ufrag:", StringComparison.Ordinal))
            {
                ufrag ??= line[12..];
            }
            else if (line.StartsWith("a=ice-pwd:", StringComparison.Ordinal))
            {
                pwd ??= line[10..];
            }
            else if (line.StartsWith("a=fingerprint:", StringComparison.Ordinal))
            {
                var parts = line[14..].Split(' ');
                hash ??= parts[0];
                fingerprint ??= parts[1];
            }
            else if (line.StartsWith("a=setup:", StringComparison.Ordinal))
            {
                setup ??= line[8..];
            }
            else if (line.StartsWith("a=candidate:", StringComparison.Ordinal))
            {
                // foundation component transport priority address port typ type …
                var f = line[12..].Split(' ');
                if (f.Length >= 8 && f[2].Equals("udp", StringComparison.OrdinalIgnoreCase) && f[4].StartsWith("127.", StringComparison.Ordinal))
                {
                    candidates.Add((f[4], int.Parse(f[5], CultureInfo.InvariantCulture), uint.Parse(f[3], CultureInfo.InvariantCulture), f[0]));
                }
            }
            else if (line.StartsWith("a=rtpmap:", StringComparison.Ordinal))
            {
                var f = line[9..].Split(' ');
                payloadTypes.TryAdd(f[1].Split('/')[0], int.Parse(f[0], CultureInfo.InvariantCulture));
            }
            else if (line.StartsWith("a=ssrc-group:FID ", StringComparison.Ordinal))
            {
                var f = line[17..].Split(' ');
                if (f.Length == 2)
                {
                    fidSecondaries.Add(uint.Parse(f[1], CultureInfo.InvariantCulture));
                    fidPairs[uint.Parse(f[0], CultureInfo.InvariantCulture)] = uint.Parse(f[1], CultureInfo.InvariantCulture);
                }
            }
            else if (line.StartsWith("a=ssrc:", StringComparison.Ordinal))
            {
                var ssrc = uint.Parse(line[7..line.IndexOf(' ', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
                if (media == "audio")
                {
                    audio ??= ssrc;
                }
                else if (media == "video" && !fidSecondaries.Contains(ssrc))
                {
                    video ??= ssrc;
                }
            }
        }
        return new PeerAnswer(ufrag ?? throw new FormatException("no ice-ufrag in the answer"), pwd ?? throw new FormatException("no ice-pwd"),
            hash ?? "sha-256", fingerprint ?? throw new FormatException("no fingerprint"), setup ?? "active", candidates, audio, video, payloadTypes,
            video is { } v ? fidPairs.GetValueOrDefault(v) : null);
    }
}
