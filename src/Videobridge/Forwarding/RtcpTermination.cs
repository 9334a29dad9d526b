using System.Buffers.Binary;
using Jitsi.Net.Videobridge.Rtcp;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Transport;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// RTCP per hop for one conference (PROTOCOL.md §6.5): what endpoints send is consumed here — a sender report is
/// remembered and passed on to each receiver of that SSRC with the sender's NTP/RTP mapping and the bridge's own counts
/// toward that receiver (RFC 3550 §6.4.1; lip sync holds because the mapping is the sender's); a generic NACK (RFC 4585
/// §6.2.1) is answered from the <see cref="RetransmissionCache"/> as RTX (RFC 4588 §4) when the receiver negotiated
/// it (never as a plain resend, which would reuse an SRTP index); PLI/FIR become a rate-limited PLI to the sender;
/// transport-cc feedback, REMB and receiver reports' loss go to the receiver's bandwidth estimator, whose estimate
/// becomes its <c>AvailableBitrateBps</c>. On the timer it sends its own receiver reports to each sender (every
/// second) and transport-cc feedback for the packets it received (every 100 ms). Owned by the Worker thread; allocates nothing.
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
    private readonly byte[] _rewritten = new byte[1600];
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
                    OnReportBlocks(from, report.ReportBlocks);
                    break;
                case RtcpPacketType.ReceiverReport when ReceiverReport.TryParse(one, out var receiverReport):
                    OnReportBlocks(from, receiverReport.ReportBlocks);
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
                case RtcpPacketType.PayloadFeedback when header.Count == RtcpPacketType.FmtPictureLossIndication && PictureLossIndication.TryParse(one, out var pli):
                    OnKeyframeRequest(from, pli.MediaSsrc);
                    break;
                case RtcpPacketType.PayloadFeedback when header.Count == RtcpPacketType.FmtFullIntraRequest && one.Length >= 20:
                    // RFC 5104 §4.3.1: the first FCI entry names the media source.
                    OnKeyframeRequest(from, BinaryPrimitives.ReadUInt32BigEndian(one[12..]));
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

    /// <summary>A receiver's PLI or FIR for a source it knows by its first SIM SSRC: a key frame of the encoding it
    /// is being sent (or waits for) is asked of the sender, within the rate limits.</summary>
    public void OnKeyframeRequest(EndpointMedia receiver, uint mediaSsrc)
    {
        if (!TryFindSource(receiver, mediaSsrc, out var sender, out var layout) || !receiver.Projections.TryGetValue(mediaSsrc, out var projection))
        {
            return;
        }
        var encoding = projection.CurrentEncoding >= 0 ? projection.CurrentEncoding : projection.TargetEncoding;
        if (encoding >= 0)
        {
            RequestKeyframe(sender, projection, layout.Encodings[encoding], _time.GetTimestamp());
        }
    }

    /// <summary>Asks <paramref name="sender"/> for a key frame of the encoding <paramref name="ssrc"/> on behalf of
    /// one receiver's <paramref name="projection"/> (its own request, or a switch it waits for). PROTOCOL.md §6.4:
    /// per (receiver, source) one per 200 ms and three per 10 s; toward the sender one per source per 200 ms,
    /// whoever asks.</summary>
    public void RequestKeyframe(EndpointMedia sender, LayerProjection projection, uint ssrc, long now)
    {
        if (!projection.AllowKeyframeRequest(now) || !sender.AllowKeyframeRequest(projection.PrimarySsrc, _time.GetUtcNow().UtcTicks))
        {
            _counters.KeyframeRequestsRateLimited++;
            return;
        }
        if (projection.WantsKeyframe)
        {
            _counters.KeyframeRequestsForSwitch++;
        }
        var pli = new PictureLossIndication(_feedbackSsrc, ssrc);
        if (sender.Transport is { } transport && pli.TryWrite(_rtcp, out var written) && transport.TrySendRtcp(_rtcp, written))
        {
            _counters.KeyframeRequestsRelayed++;
        }
    }

    /// <summary>The other endpoint sending the video source whose first SIM SSRC is <paramref name="primarySsrc"/>.</summary>
    private bool TryFindSource(EndpointMedia receiver, uint primarySsrc, out EndpointMedia sender, out VideoSourceLayout layout)
    {
        foreach (var endpoint in _router.Endpoints)
        {
            if (endpoint != receiver && endpoint.Sources.IsForwardedVideo(primarySsrc) && endpoint.Sources.TryGet(primarySsrc, out var role))
            {
                sender = endpoint;
                layout = role.Layout!;
                return true;
            }
        }
        sender = null!;
        layout = null!;
        return false;
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

    /// <summary>A sender's SR goes to each receiver of that SSRC. For video the receiver knows one stream per source:
    /// it gets the report of the encoding it is being sent, on the source's first SIM SSRC, with the RTP timestamp
    /// shifted as its projection shifts that encoding's timestamps (so the NTP/RTP pair still matches what it
    /// receives); reports of the other encodings are not passed to it.</summary>
    private void OnSenderReport(EndpointMedia from, in SenderReport report)
    {
        if (!from.Received.TryGetValue(report.Ssrc, out var statistics))
        {
            return;
        }
        statistics.OnSenderReport(report.NtpTimestamp, report.RtpTimestamp, _time.GetTimestamp());
        from.Sources.TryGet(report.Ssrc, out var role);
        foreach (var to in _router.Endpoints)
        {
            if (to == from || to.Transport is not { } transport)
            {
                continue;
            }
            var forwarded = report;
            if (role.Layout is { } layout)
            {
                if (!to.Projections.TryGetValue(layout.PrimarySsrc, out var projection) || projection.CurrentEncoding != role.Encoding)
                {
                    continue;
                }
                forwarded = new SenderReport(layout.PrimarySsrc, report.NtpTimestamp, report.RtpTimestamp + projection.TimestampOffset, 0, 0, default);
            }
            if (to.Sent.TryGetValue(forwarded.Ssrc, out var sent)
                && TryTranslate(forwarded, sent.Packets, sent.Octets, _rtcp, out var written) && transport.TrySendRtcp(_rtcp, written))
            {
                _counters.SenderReportsSent++;
                to.RoundTrip.OnSenderReportSent(forwarded.Ssrc, forwarded.CompactNtp, _time.GetTimestamp());
            }
        }
    }

    /// <summary>An endpoint's report blocks on the streams the bridge sends it: its round trip (RFC 3550 §6.4.1) and
    /// the loss it saw, for its bandwidth estimate (GCC §6).</summary>
    private void OnReportBlocks(EndpointMedia from, ReportBlocks blocks)
    {
        var now = _time.GetTimestamp();
        foreach (var block in blocks)
        {
            from.RoundTrip.OnReportBlock(block, now, _time.TimestampFrequency);
            from.Bandwidth.OnReceiverReportLoss(block.FractionLost);
        }
    }

    /// <summary>A receiver's NACK names sequence numbers as it saw them: each is looked up in its projection of the
    /// source (which original packet was sent under it, and how it was rewritten), the original found in the cache,
    /// rewritten the same way and sent as RTX (RFC 4588 §4) on the source's first RTX SSRC with the receiver's RTX
    /// payload type. Plain retransmission is not offered, see the folder's README.</summary>
    private void OnNack(EndpointMedia receiver, in GenericNack nack)
    {
        _counters.NacksReceived++;
        var now = _time.GetTimestamp();
        LayerProjection? projection = null;
        var found = TryFindSource(receiver, nack.MediaSsrc, out var sender, out var layout)
            && receiver.Projections.TryGetValue(nack.MediaSsrc, out projection);
        var rtxSsrc = found ? layout.RtxSsrcs[0] : 0;
        foreach (var sequenceNumber in nack)
        {
            if (!found || !projection!.TryGetSent(sequenceNumber, out var encoding, out var original, out var timestampOffset, out var header)
                || !TryRewriteCached(sender, layout.Encodings[encoding], original, nack.MediaSsrc, timestampOffset, header, now, out var rewritten)
                || !RtpPacket.TryParse(_rewritten.AsSpan(0, rewritten), out var packet)
                || !TryRetransmit(receiver, packet, rtxSsrc, rewritten, now))
            {
                _counters.NackedPacketsUnserved++;
                continue;
            }
            _counters.NackedPacketsServed++;
        }
    }

    /// <summary>Resends <paramref name="packet"/> (in <c>_rewritten</c>, as first sent to <paramref name="receiver"/>):
    /// as RTX when the receiver negotiated it for that payload type (RFC 4588 §4), else as the original packet when
    /// its SRTP profile allows (<see cref="EndpointTransport.AllowsPlainRetransmission"/>; RFC 4585 leaves the form of
    /// a repair to the session). False when neither is possible or the send failed.</summary>
    private bool TryRetransmit(EndpointMedia receiver, in RtpPacket packet, uint rtxSsrc, int length, long now)
    {
        if (rtxSsrc != 0 && receiver.RtxPayloadTypes.TryGetRtx(packet.PayloadType, out var rtxPayloadType))
        {
            if (!TryWriteRetransmission(packet, rtxSsrc, rtxPayloadType, receiver.NextRtxSequence(rtxSsrc), _retransmission, out var rtxLength)
                || !_router.TrySendRtp(receiver, _retransmission, rtxLength, now))
            {
                return false;
            }
            _counters.RtxSent++;
            return true;
        }
        if (receiver.Transport is not { AllowsPlainRetransmission: true })
        {
            return false;
        }
        _rewritten.AsSpan(0, length).CopyTo(_retransmission);
        if (!_router.TrySendRtp(receiver, _retransmission, length, now))
        {
            return false;
        }
        _counters.PlainRetransmissionsSent++;
        return true;
    }

    /// <summary>The cached original (<paramref name="ssrc"/>, <paramref name="sequenceNumber"/>) rewritten as the
    /// receiver first got it (onto <paramref name="primarySsrc"/>), into the scratch buffer.</summary>
    private bool TryRewriteCached(EndpointMedia sender, uint ssrc, ushort sequenceNumber, uint primarySsrc, uint timestampOffset, in ProjectedHeader header, long now, out int length)
    {
        length = 0;
        if (!_router.Cache.TryGet(ssrc, sequenceNumber, now, out var cached) || !RtpPacket.TryParse(cached, out var original)
            || !VideoPacketInfo.TryParse(sender.VideoCodecs.Of(original.PayloadType), original.Payload, out var info))
        {
            return false;
        }
        cached.CopyTo(_rewritten);
        info.Rewrite(_rewritten, original.HeaderLength, primarySsrc, header with { Timestamp = original.Timestamp + timestampOffset });
        length = cached.Length;
        return true;
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
