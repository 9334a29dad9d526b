using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Transport;
using Prometheus;

namespace Jitsi.Net.Videobridge.Http;

/// <summary>
/// The media plane's counters as Prometheus counters (<c>jitsinet_bridge_…_total</c>): datagrams and bytes in and
/// out, drops by reason (transport: the Workers' <see cref="TransportCounters"/>; forwarding:
/// <see cref="ForwardingCounters"/>), ICE and DTLS failures, RTCP the bridge terminated and generated, NACKs served and
/// not, RTX sent. Values are read from the plain fields the Workers write (summed over the Workers) when scraped.
/// Thread-safe.
/// </summary>
internal static class MediaMetrics
{
    public static void Register(IMetricFactory factory, CollectorRegistry registry, MediaPlane media)
    {
        var datagrams = factory.CreateCounter("jitsinet_bridge_packets_total", "UDP datagrams on the media ports.", ["direction"]);
        var bytes = factory.CreateCounter("jitsinet_bridge_bytes_total", "UDP payload bytes on the media ports.", ["direction"]);
        var dropped = factory.CreateCounter("jitsinet_bridge_packets_dropped_total", "Packets dropped, by reason.", ["layer", "reason"]);
        var failures = factory.CreateCounter("jitsinet_bridge_transport_failures_total", "Endpoint transports that failed.", ["protocol"]);
        var rtp = factory.CreateCounter("jitsinet_bridge_rtp_forwarded_total", "RTP packets forwarded to receivers.");
        var rtcp = factory.CreateCounter("jitsinet_bridge_rtcp_total", "RTCP the bridge terminated or generated, by kind.", ["kind"]);
        var nacked = factory.CreateCounter("jitsinet_bridge_nacked_packets_total", "Packets receivers asked for with a NACK.", ["outcome"]);
        var rtx = factory.CreateCounter("jitsinet_bridge_rtx_sent_total", "Retransmissions sent as RTX (RFC 4588).");
        var plain = factory.CreateCounter("jitsinet_bridge_plain_retransmissions_total", "Retransmissions sent as the original packet (receivers without RTX, AES-CM SRTP only).");
        var senderLoss = factory.CreateCounter("jitsinet_bridge_sender_losses_total", "Packets lost from senders: NACKed to them, recovered from their RTX.", ["outcome"]);
        var probes = factory.CreateCounter("jitsinet_bridge_probe_packets_total", "Bandwidth probing: padding packets and clusters sent.", ["kind"]);
        var transport = new (string Reason, Func<TransportCounters, long> Read)[]
        {
            ("not_allowed", c => Volatile.Read(ref c.DroppedNotAllowed)),
            ("not_stun_from_unknown", c => Volatile.Read(ref c.DroppedNotStunFromUnknown)),
            ("unknown_ufrag", c => Volatile.Read(ref c.DroppedUnknownUfrag)),
            ("bad_stun", c => Volatile.Read(ref c.DroppedBadStun)),
            ("unknown_kind", c => Volatile.Read(ref c.DroppedUnknownKind)),
            ("dtls_not_selected", c => Volatile.Read(ref c.DroppedDtlsNotSelected)),
            ("no_keys", c => Volatile.Read(ref c.DroppedNoKeys)),
            ("media_not_selected", c => Volatile.Read(ref c.DroppedMediaNotSelected)),
            ("srtp_authentication", c => Volatile.Read(ref c.SrtpAuthenticationFailed)),
            ("srtp_replayed", c => Volatile.Read(ref c.SrtpReplayed)),
            ("srtp_other", c => Volatile.Read(ref c.SrtpOtherErrors)),
            ("send_not_connected", c => Volatile.Read(ref c.SendDroppedNotConnected)),
            ("send_not_allowed", c => Volatile.Read(ref c.SendRefusedNotAllowed)),
            ("send_error", c => Volatile.Read(ref c.SendErrors)),
            ("receive_error", c => Volatile.Read(ref c.ReceiveErrors)),
        };
        var forwarding = new (string Reason, Func<ForwardingCounters, long> Read)[]
        {
            ("unparsable", c => Volatile.Read(ref c.DroppedUnparsable)),
            ("unknown_ssrc", c => Volatile.Read(ref c.DroppedUnknownSsrc)),
            ("simulcast_layer", c => Volatile.Read(ref c.DroppedSimulcastLayer)),
            ("force_muted", c => Volatile.Read(ref c.DroppedForceMuted)),
            ("no_video_constraints", c => Volatile.Read(ref c.DroppedNoVideoConstraints)),
            ("not_selected", c => Volatile.Read(ref c.DroppedNotSelected)),
            ("rtx_unusable", c => Volatile.Read(ref c.DroppedRtx)),
            ("silent_audio", c => Volatile.Read(ref c.DroppedSilentAudio)),
            ("duplicate", c => Volatile.Read(ref c.DroppedDuplicate)),
            ("rtx_duplicate", c => Volatile.Read(ref c.DroppedRtxDuplicate)),
            ("malformed", c => Volatile.Read(ref c.DroppedMalformed)),
        };
        var kinds = new (string Kind, Func<ForwardingCounters, long> Read)[]
        {
            ("receiver_report_sent", c => Volatile.Read(ref c.ReceiverReportsSent)),
            ("sender_report_sent", c => Volatile.Read(ref c.SenderReportsSent)),
            ("transport_cc_sent", c => Volatile.Read(ref c.TransportCcFeedbackSent)),
            ("transport_cc_received", c => Volatile.Read(ref c.TransportCcReceived)),
            ("remb_received", c => Volatile.Read(ref c.RembReceived)),
            ("transport_cc_malformed", c => Volatile.Read(ref c.TransportCcMalformed)),
            ("nack_received", c => Volatile.Read(ref c.NacksReceived)),
            ("nack_sent", c => Volatile.Read(ref c.NacksSent)),
            ("keyframe_request_relayed", c => Volatile.Read(ref c.KeyframeRequestsRelayed)),
            ("keyframe_request_rate_limited", c => Volatile.Read(ref c.KeyframeRequestsRateLimited)),
        };
        registry.AddBeforeCollectCallback(() =>
        {
            var counters = media.Workers.Select(w => w.Counters).ToList();
            datagrams.WithLabels("in").IncTo(counters.Sum(c => Volatile.Read(ref c.DatagramsReceived)));
            datagrams.WithLabels("out").IncTo(counters.Sum(c => Volatile.Read(ref c.DatagramsSent)));
            bytes.WithLabels("in").IncTo(counters.Sum(c => Volatile.Read(ref c.BytesReceived)));
            bytes.WithLabels("out").IncTo(counters.Sum(c => Volatile.Read(ref c.BytesSent)));
            foreach (var (reason, read) in transport)
            {
                dropped.WithLabels("transport", reason).IncTo(counters.Sum(read));
            }
            failures.WithLabels("ice").IncTo(counters.Sum(c => Volatile.Read(ref c.IceFailures)));
            failures.WithLabels("dtls").IncTo(counters.Sum(c => Volatile.Read(ref c.DtlsFailures)));
            var f = media.Forwarding;
            foreach (var (reason, read) in forwarding)
            {
                dropped.WithLabels("forwarding", reason).IncTo(f.Sum(read));
            }
            foreach (var (kind, read) in kinds)
            {
                rtcp.WithLabels(kind).IncTo(f.Sum(read));
            }
            rtp.IncTo(f.Sum(c => Volatile.Read(ref c.RtpForwarded)));
            nacked.WithLabels("served").IncTo(f.Sum(c => Volatile.Read(ref c.NackedPacketsServed)));
            nacked.WithLabels("unserved").IncTo(f.Sum(c => Volatile.Read(ref c.NackedPacketsUnserved)));
            rtx.IncTo(f.Sum(c => Volatile.Read(ref c.RtxSent)));
            plain.IncTo(f.Sum(c => Volatile.Read(ref c.PlainRetransmissionsSent)));
            senderLoss.WithLabels("nacked").IncTo(f.Sum(c => Volatile.Read(ref c.SenderPacketsNacked)));
            senderLoss.WithLabels("rtx_recovered").IncTo(f.Sum(c => Volatile.Read(ref c.SenderRtxRecovered)));
            probes.WithLabels("padding").IncTo(f.Sum(c => Volatile.Read(ref c.ProbePacketsSent)));
            probes.WithLabels("cluster").IncTo(f.Sum(c => Volatile.Read(ref c.ProbeClustersSent)));
        });
    }
}
