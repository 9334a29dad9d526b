using System.Buffers.Binary;
using Jitsi.Net.Videobridge.Rtcp;
using Jitsi.Net.Videobridge.Rtp;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// RTCP per hop for one conference (PROTOCOL.md §6.5): what endpoints send is consumed here — a sender report is
/// remembered and passed on to each receiver of that SSRC with the sender's NTP/RTP mapping and the bridge's own counts
/// toward that receiver (RFC 3550 §6.4.1; lip sync holds because the mapping is the sender's); a generic NACK (RFC 4585
/// §6.2.1) is answered from the <see cref="RetransmissionCache"/> as RTX (RFC 4588 §4) when the receiver negotiated
/// it (never as a plain resend, which would reuse an SRTP index); PLI/FIR become a rate-limited PLI to the sender;
/// transport-cc feedback, REMB and receiver reports' loss go to the receiver's bandwidth estimator, whose estimate becomes its <c>AvailableBitrateBps</c>. On the timer it sends its own receiver reports to each sender (every second) and
/// transport-cc feedback for the packets it received (every 100 ms). Owned by the Worker thread; allocates nothing.
/// </summary>
internal sealed class RtcpTermination
{
    public static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan FeedbackInterval = TimeSpan.FromMilliseconds(100);

    // Transport-cc feedback packets per sender per tick at most: 4 × 256 sequence numbers every 100 ms.
    private const int MaxFeedbackPerTick = 4;
    private readonly ConferenceRouter _router;
    private readonly uint _feedbackSsrc;
    private readonly ForwardingCounters _counters;
    private readonly TimeProvider _time;
    private readonly byte[] _rtcp = new byte[1600];
    private readonly byte[] _blocks = new byte[EndpointMedia.MaxReportBlocks * ReportBlock.Size];
    private readonly byte[] _retransmission = new byte[1600];
    private readonly long _reportTicks;
    private readonly long _feedbackTicks;
    private long _nextReport;
    private long _nextFeedback;

    public RtcpTermination(ConferenceRouter router, uint feedbackSsrc, ForwardingCounters counters, TimeProvider time)
    {
        _router = router;
        _feedbackSsrc = feedbackSsrc;
        _counters = counters;
        _time = time;
        _reportTicks = (long)(ReportInterval.TotalSeconds * time.TimestampFrequency);
        _feedbackTicks = (long)(FeedbackInterval.TotalSeconds * time.TimestampFrequency);
        _nextReport = time.GetTimestamp() + _reportTicks;
        _nextFeedback = time.GetTimestamp() + _feedbackTicks;
    }

    public void OnRtcp(EndpointMedia from, ReadOnlySpan<byte> packet)
    {
        var compound = new RtcpCompound(packet);
        while (compound.TryReadNext(out var header, out var one))
        {
            switch (header.PacketType)
            {
                case RtcpPacketType.SenderReport when SenderReport.TryParse(one, out var report):
                    OnSenderReport(from, report);
                    break;
                case RtcpPacketType.TransportFeedback when header.Count == RtcpPacketType.FmtGenericNack && GenericNack.TryParse(one, out var nack):
                    OnNack(from, nack);
                    break;
                case RtcpPacketType.TransportFeedback when header.Count == RtcpPacketType.FmtTransportWideCc:
                    _counters.TransportCcReceived++;
                    if (!from.Bandwidth.OnTransportFeedback(one, (long)(_time.GetTimestamp() * 1e6 / _time.TimestampFrequency)))
                    {
                        _counters.TransportCcMalformed++;
                    }
                    break;
                case RtcpPacketType.ReceiverReport when ReceiverReport.TryParse(one, out var receiverReport):
                    foreach (var block in receiverReport.ReportBlocks)
                    {
                        from.Bandwidth.OnReceiverReportLoss(block.FractionLost);
                    }
                    break;
                case RtcpPacketType.PayloadFeedback when header.Count == RtcpPacketType.FmtPictureLossIndication && PictureLossIndication.TryParse(one, out var pli):
                    RequestKeyframe(pli.MediaSsrc);
                    break;
                case RtcpPacketType.PayloadFeedback when header.Count == RtcpPacketType.FmtFullIntraRequest && one.Length >= 20:
                    // RFC 5104 §4.3.1: the first FCI entry names the media source.
                    RequestKeyframe(BinaryPrimitives.ReadUInt32BigEndian(one[12..]));
                    break;
                case RtcpPacketType.PayloadFeedback when header.Count == RtcpPacketType.FmtApplicationLayer && Remb.TryParse(one, out var remb):
                    _counters.RembReceived++;
                    from.Bandwidth.OnRemb(remb.BitrateBps);
                    break;
            }
        }
        if (from.Bandwidth.HasEstimate)
        {
            from.AvailableBitrateBps = from.Bandwidth.EstimateBps;
        }
    }

    /// <summary>A receiver asked for a key frame of <paramref name="mediaSsrc"/>: ask its sender, rate-limited.</summary>
    public void RequestKeyframe(uint mediaSsrc)
    {
        foreach (var sender in _router.Endpoints)
        {
            if (!sender.Sources.IsForwardedVideo(mediaSsrc) || sender.Transport is not { } transport)
            {
                continue;
            }
            if (!sender.AllowKeyframeRequest(mediaSsrc, _time.GetUtcNow().UtcTicks))
            {
                _counters.KeyframeRequestsRateLimited++;
                return;
            }
            var pli = new PictureLossIndication(_feedbackSsrc, mediaSsrc);
            if (pli.TryWrite(_rtcp, out var written) && transport.TrySendRtcp(_rtcp, written))
            {
                _counters.KeyframeRequestsRelayed++;
            }
            return;
        }
    }

    /// <summary>Receiver reports due (each sender, every <see cref="ReportInterval"/>) and transport-cc feedback due
    /// (every <see cref="FeedbackInterval"/>). Worker thread, from its timer tick.</summary>
    public void OnTimer()
    {
        var now = _time.GetTimestamp();
        if (now >= _nextFeedback)
        {
            _nextFeedback = now + _feedbackTicks;
            foreach (var sender in _router.Endpoints)
            {
                SendTransportFeedback(sender);
            }
        }
        if (now >= _nextReport)
        {
            _nextReport = now + _reportTicks;
            foreach (var sender in _router.Endpoints)
            {
                SendReceiverReport(sender, now);
            }
        }
    }

    public void SendReceiverReport(EndpointMedia sender, long now)
    {
        if (sender.Transport is not { } transport || sender.Received.Count == 0)
        {
            return;
        }
        Span<ReportBlock> blocks = stackalloc ReportBlock[EndpointMedia.MaxReportBlocks];
        var count = sender.TakeReportBlocks(blocks, now, _time.TimestampFrequency);
        var report = new ReceiverReport(_feedbackSsrc, ReportBlocks.Write(blocks[..count], _blocks));
        if (report.TryWrite(_rtcp, out var written) && transport.TrySendRtcp(_rtcp, written))
        {
            _counters.ReceiverReportsSent++;
        }
    }

    public void SendTransportFeedback(EndpointMedia sender)
    {
        if (sender.Transport is not { } transport)
        {
            return;
        }
        for (var i = 0; i < MaxFeedbackPerTick && sender.TransportCc.HasPending; i++)
        {
            if (sender.TransportCc.TryWriteFeedback(_rtcp, _feedbackSsrc, out var written) && transport.TrySendRtcp(_rtcp, written))
            {
                _counters.TransportCcFeedbackSent++;
            }
        }
    }

    private void OnSenderReport(EndpointMedia from, in SenderReport report)
    {
        if (!from.Received.TryGetValue(report.Ssrc, out var statistics))
        {
            return;
        }
        statistics.OnSenderReport(report.NtpTimestamp, report.RtpTimestamp, _time.GetTimestamp());
        foreach (var to in _router.Endpoints)
        {
            if (to == from || to.Transport is not { } transport || !to.Sent.TryGetValue(report.Ssrc, out var sent))
            {
                continue;
            }
            if (TryTranslate(report, sent.Packets, sent.Octets, _rtcp, out var written) && transport.TrySendRtcp(_rtcp, written))
            {
                _counters.SenderReportsSent++;
            }
        }
    }

    private void OnNack(EndpointMedia receiver, in GenericNack nack)
    {
        _counters.NacksReceived++;
        var now = _time.GetTimestamp();
        var rtxSsrc = 0u;
        var hasRtx = false;
        foreach (var sender in _router.Endpoints)
        {
            if (sender != receiver && sender.Sources.IsForwardedVideo(nack.MediaSsrc))
            {
                hasRtx = sender.Sources.TryGetRtxSsrc(nack.MediaSsrc, out rtxSsrc);
                break;
            }
        }
        foreach (var sequenceNumber in nack)
        {
            if (!_router.Cache.TryGet(nack.MediaSsrc, sequenceNumber, now, out var cached) || !RtpPacket.TryParse(cached, out var original))
            {
                _counters.NackedPacketsUnserved++;
                continue;
            }
            // Only as RTX: a plain resend would go out under an SRTP index already used for this receiver with a
            // different plaintext (this hop's stamps differ), which AES-CM and above all AES-GCM must never do.
            if (!hasRtx || !receiver.RtxPayloadTypes.TryGetRtx(original.PayloadType, out var rtxPayloadType)
                || !TryWriteRetransmission(original, rtxSsrc, rtxPayloadType, receiver.NextRtxSequence(rtxSsrc), _retransmission, out var length))
            {
                _counters.NackedPacketsUnserved++;
                continue;
            }
            if (!_router.TrySendRtp(receiver, _retransmission, length, now))
            {
                _counters.NackedPacketsUnserved++;
                continue;
            }
            _counters.NackedPacketsServed++;
            _counters.RtxSent++;
        }
    }

    /// <summary>The retransmission of <paramref name="original"/> as RTX on <paramref name="rtxSsrc"/> (RFC 4588 §4:
    /// the original sequence number first in the payload).</summary>
    public static bool TryWriteRetransmission(in RtpPacket original, uint rtxSsrc, byte rtxPayloadType, ushort rtxSequence,
        Span<byte> destination, out int length) =>
        Rtx.TryWrap(original, destination, rtxSsrc, rtxPayloadType, rtxSequence, out length);

    /// <summary>The sender report a receiver gets for <paramref name="report"/>'s SSRC: the sender's NTP/RTP pair
    /// unchanged (RFC 3550 §6.4.1; lip sync holds since the mapping is the sender's) with the bridge's own packet and
    /// payload-octet counts toward that receiver (modulo 2^32), and no report blocks (the bridge reports itself).</summary>
    public static bool TryTranslate(in SenderReport report, long packetsSent, long octetsSent, Span<byte> destination, out int written) =>
        new SenderReport(report.Ssrc, report.NtpTimestamp, report.RtpTimestamp, (uint)packetsSent, (uint)octetsSent, default).TryWrite(destination, out written);
}
