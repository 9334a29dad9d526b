using Jitsi.Net.Videobridge.Rtcp;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// Loss on the senders' side of one conference: every video packet a sender sends goes through its SSRC's
/// <see cref="LossDetector"/> (<see cref="OnPacket"/>: a packet already received is dropped, so a late original after
/// its retransmission is never forwarded twice); every <see cref="NackInterval"/> the gaps due are NACKed to the
/// sender, one generic NACK per SSRC (RFC 4585 §6.2.1, PID + BLP words, <see cref="GenericNack"/>); and the sender's
/// RTX (RFC 4588 §4) is unwrapped (<see cref="OnRtx"/>: the OSN first in the payload, the original SSRC from the FID
/// group, the original payload type from the sender's <c>apt</c>) and routed as the original when that packet is
/// still missing. RTX that repairs nothing — padding-only probes, duplicates, retransmissions the bridge did not
/// need — is dropped and counted. Owned by the Worker thread; allocates nothing after each SSRC was first seen.
/// </summary>
internal sealed class SenderLossRecovery
{
    public static readonly TimeSpan NackInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Sequence numbers in one NACK at most (a gap this long packs into few PID/BLP words anyway).</summary>
    public const int MaxPerNack = 64;

    private readonly ConferenceRouter _router;
    private readonly uint _feedbackSsrc;
    private readonly ForwardingCounters _counters;
    private readonly TimeProvider _time;
    private readonly byte[] _recovered = new byte[1600];
    private readonly byte[] _rtcp = new byte[1600];
    private readonly ushort[] _lost = new ushort[MaxPerNack];
    private readonly long _nackTicks;
    private long _nextNack;

    public SenderLossRecovery(ConferenceRouter router, uint feedbackSsrc, ForwardingCounters counters, TimeProvider time)
    {
        _router = router;
        _feedbackSsrc = feedbackSsrc;
        _counters = counters;
        _time = time;
        _nackTicks = (long)(NackInterval.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>A media packet (not RTX) of <paramref name="from"/>: false when it is a video packet received before,
    /// which is counted and must not be forwarded again. Per packet.</summary>
    public bool OnPacket(EndpointMedia from, in RtpPacket rtp, MediaType media, long now)
    {
        if (media != MediaType.Video || from.LossDetectorFor(rtp.Ssrc, _time.TimestampFrequency).OnPacket(rtp.SequenceNumber, now))
        {
            return true;
        }
        _counters.DroppedDuplicate++;
        return false;
    }

    /// <summary>A packet on an RTX SSRC of <paramref name="from"/> that repairs <paramref name="originalSsrc"/>: the
    /// original rebuilt and routed when it is missing; otherwise dropped and counted. Per packet.</summary>
    public void OnRtx(EndpointMedia from, in RtpPacket rtx, uint originalSsrc, long now)
    {
        if (rtx.Payload.Length <= Rtx.OsnLength || originalSsrc == rtx.Ssrc
            || !from.RtxPayloadTypes.TryGetOriginal(rtx.PayloadType, out var payloadType))
        {
            // Padding-only probing (RFC 4588 §4 allows an RTX packet with no payload), or nothing to rebuild with.
            _counters.DroppedRtx++;
            return;
        }
        if (!Rtx.TryGetOriginalSequenceNumber(rtx, out var osn) || !from.Losses.TryGetValue(originalSsrc, out var detector)
            || !detector.IsMissing(osn))
        {
            _counters.DroppedRtxDuplicate++;
            return;
        }
        if (!Rtx.TryUnwrap(rtx, _recovered, originalSsrc, payloadType, out var length))
        {
            _counters.DroppedRtx++;
            return;
        }
        _counters.SenderRtxRecovered++;
        _router.Route(from, _recovered.AsSpan(0, length));
    }

    /// <summary>Every <see cref="NackInterval"/>: the NACKs due to each sender. Worker thread, from its timer tick.</summary>
    public void OnTimer()
    {
        var now = _time.GetTimestamp();
        if (now < _nextNack)
        {
            return;
        }
        _nextNack = now + _nackTicks;
        foreach (var sender in _router.Endpoints)
        {
            SendNacks(sender, now);
        }
    }

    /// <summary>One generic NACK per SSRC of <paramref name="sender"/> with gaps due now.</summary>
    public void SendNacks(EndpointMedia sender, long now)
    {
        // Force-muted video is dropped anyway: repairing it would only cost the sender.
        if (sender.Transport is not { } transport || sender.VideoMuted)
        {
            return;
        }
        foreach (var (ssrc, detector) in sender.Losses)
        {
            var count = detector.CollectNacks(now, _lost, sender.RoundTrip.Ticks);
            if (count > 0 && GenericNack.TryWrite(_rtcp, _feedbackSsrc, ssrc, _lost.AsSpan(0, count), out var written)
                && transport.TrySendRtcp(_rtcp, written))
            {
                _counters.NacksSent++;
                _counters.SenderPacketsNacked += count;
            }
        }
    }
}
