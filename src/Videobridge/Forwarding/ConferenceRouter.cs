using Jitsi.Net.Videobridge.Bandwidth;
using Jitsi.Net.Videobridge.Rtcp;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// A conference's forwarding on its Worker. Each RTP packet an endpoint sends is counted for the bridge's receiver
/// reports and its transport-cc feedback (the bridge terminates RTCP per hop, PROTOCOL.md §6.5), then goes to every
/// other endpoint of the conference: audio to those subscribed to it; video, measured per simulcast encoding, only to
/// receivers that sent their first <c>ReceiverVideoConstraints</c> (JVB forwards no video before it) and that the
/// <see cref="BitrateAllocator"/> gave a layer of the source, through that receiver's <see cref="LayerProjection"/>
/// (one encoding and temporal layer, switched at key frames and rewritten onto the source's first SIM SSRC). A
/// sender's RTX is never forwarded as is (the bridge retransmits on that SSRC itself): it repairs a gap the bridge
/// NACKed, or is dropped (<see cref="SenderLossRecovery"/>). Header
/// extensions are hop-by-hop: all but audio level are stripped and the bridge stamps its own transport-wide sequence
/// number and abs-send-time per receiver (§6.3). One copy of each video packet goes into the conference's
/// <see cref="RetransmissionCache"/>. RTCP from endpoints goes to <see cref="RtcpTermination"/>. Owned by the Worker
/// thread; nothing here allocates, awaits or locks per packet.
/// </summary>
internal sealed class ConferenceRouter
{
    // One copy with the extensions stripped, then one per receiver to stamp and protect in place (room for the tag).
    private readonly byte[] _stripped = new byte[1600];
    private readonly byte[] _send = new byte[1600];
    private readonly List<EndpointMedia> _endpoints = [];
    private readonly ForwardingCounters _counters;
    private readonly TimeProvider _time;
    private readonly double _microsecondsPerTick;

    public ConferenceRouter(uint feedbackSsrc, ForwardingCounters counters, TimeProvider time, ForwardingOptions? options = null)
    {
        _counters = counters;
        _time = time;
        _microsecondsPerTick = 1e6 / time.TimestampFrequency;
        Cache = new RetransmissionCache(time.TimestampFrequency);
        Rtcp = new RtcpTermination(this, feedbackSsrc, counters, time);
        Recovery = new SenderLossRecovery(this, feedbackSsrc, counters, time);
        Events = new ConferenceEvents(this, time, options ?? new ForwardingOptions());
        Prober = new BandwidthProber(this, counters, time);
        Timer = OnTimer;
    }

    public int EndpointCount => _endpoints.Count;

    /// <summary>The endpoints, in the order they joined. Worker thread.</summary>
    public List<EndpointMedia> Endpoints => _endpoints;

    public RetransmissionCache Cache { get; }

    public RtcpTermination Rtcp { get; }

    public ConferenceEvents Events { get; }

    /// <summary>Loss on the senders' side: gap detection, NACKs toward senders, their RTX unwrapped.</summary>
    public SenderLossRecovery Recovery { get; }

    /// <summary>Padding probe clusters toward receivers whose estimate should grow (<see cref="Bandwidth.BandwidthProber"/>).</summary>
    public BandwidthProber Prober { get; }

    /// <summary>Run by the Worker's timer tick: reports and feedback due.</summary>
    public Action Timer { get; }

    public void Add(EndpointMedia endpoint)
    {
        if (!_endpoints.Contains(endpoint))
        {
            endpoint.AddedTimestamp = _time.GetTimestamp();
            _endpoints.Add(endpoint);
            Events.EvaluateSoon();
        }
    }

    private void OnTimer()
    {
        Rtcp.OnTimer();
        Recovery.OnTimer();
        Prober.OnTimer();
        Events.OnTimer();
    }

    public void Remove(EndpointMedia endpoint)
    {
        _endpoints.Remove(endpoint);
        Events.EvaluateSoon();
    }

    public void OnRtcp(EndpointMedia from, ReadOnlySpan<byte> packet) => Rtcp.OnRtcp(from, packet);

    public void Route(EndpointMedia from, Span<byte> packet)
    {
        if (!RtpPacket.TryParse(packet, out var rtp) || packet.Length > _stripped.Length - 64)
        {
            _counters.DroppedUnparsable++;
            return;
        }
        if (!from.Sources.TryGet(rtp.Ssrc, out var role))
        {
            _counters.DroppedUnknownSsrc++;
            return;
        }
        var now = _time.GetTimestamp();
        from.LastPacketTimestamp = now;
        RecordTransportArrival(from, rtp, now);
        if (role is { IsRtx: true, Layout: { } repaired })
        {
            // RTX is hop-by-hop: never forwarded as is (toward receivers the RTX SSRC carries the bridge's own
            // retransmissions). A retransmission of a packet still missing comes back here as the original.
            Recovery.OnRtx(from, rtp, repaired.Encodings[role.Encoding], now);
            return;
        }
        if (!Recovery.OnPacket(from, rtp, role.Media, now))
        {
            return;
        }
        from.StatisticsFor(rtp.Ssrc, role.Media).OnPacket(rtp.SequenceNumber, rtp.Timestamp, now * _microsecondsPerTick / 1e6);
        if (from.IsMuted(role.Media))
        {
            _counters.DroppedForceMuted++;
            return;
        }
        if (role.Media == MediaType.Audio && !Events.Speaker.OnAudio(from, rtp, now))
        {
            _counters.DroppedSilentAudio++;
            return;
        }
        packet.CopyTo(_stripped);
        var length = RtpHeaderExtensions.Strip(_stripped, packet.Length, from.ForwardedExtensionIds);
        if (!RtpPacket.TryParse(_stripped.AsSpan(0, length), out var stripped))
        {
            _counters.DroppedUnparsable++;
            return;
        }
        if (role.Layout is { } layout)
        {
            RouteVideo(from, layout, role.Encoding, stripped, now);
        }
        else
        {
            RouteAudio(from, role.SourceName, stripped, now);
        }
    }

    private void RouteAudio(EndpointMedia from, string sourceName, in RtpPacket rtp, long now)
    {
        var length = rtp.Length;
        var ssrc = rtp.Ssrc;
        var payloadLength = rtp.Payload.Length;
        foreach (var to in _endpoints)
        {
            if (to == from || to.Transport is null)
            {
                continue;
            }
            if (!to.ForwardedSources.Contains(sourceName))
            {
                // Not subscribed, or not yet evaluated (at most half a second).
                _counters.DroppedNotSelected++;
                continue;
            }
            _stripped.AsSpan(0, length).CopyTo(_send);
            if (TrySendRtp(to, _send, length, now))
            {
                to.CountSent(ssrc, payloadLength);
                _counters.RtpForwarded++;
            }
        }
    }

    /// <summary>A video packet of one encoding: measured for the allocator, kept once for retransmission, then
    /// projected for each receiver of its source onto the source's first SIM SSRC (<see cref="LayerProjection"/>).</summary>
    private void RouteVideo(EndpointMedia from, VideoSourceLayout layout, int encoding, in RtpPacket rtp, long now)
    {
        var length = rtp.Length;
        var source = from.VideoSourceFor(layout, _time.TimestampFrequency);
        source.Codec = from.VideoCodecs.Of(rtp.PayloadType);
        if (!VideoPacketInfo.TryParse(source.Codec, rtp.Payload, out var info))
        {
            _counters.DroppedMalformed++;
            return;
        }
        var meter = source.Meters[encoding];
        meter.OnPacket(now, length, info.TemporalLayer, rtp.Timestamp);
        if (info.KeyFrameHeight > 0)
        {
            meter.Height = info.KeyFrameHeight;
        }
        var sequenceNumber = rtp.SequenceNumber;
        var timestamp = rtp.Timestamp;
        var payloadOffset = rtp.HeaderLength;
        var payloadLength = rtp.Payload.Length;
        Cache.Insert(rtp.Ssrc, sequenceNumber, _stripped.AsSpan(0, length), now);
        foreach (var to in _endpoints)
        {
            if (to == from || to.Transport is null)
            {
                continue;
            }
            if (!to.Endpoint.VideoConstraintsReceived)
            {
                _counters.DroppedNoVideoConstraints++;
                continue;
            }
            if (!to.Projections.TryGetValue(layout.PrimarySsrc, out var projection) || projection.TargetEncoding < 0)
            {
                // Outside the receiver's last-N or its bandwidth, or not yet allocated (at most half a second).
                _counters.DroppedNotSelected++;
                continue;
            }
            if (!projection.TryProject(encoding, sequenceNumber, timestamp, info, now, out var header))
            {
                if (projection.WantsKeyframe)
                {
                    Rtcp.RequestKeyframe(from, projection, layout.Encodings[projection.TargetEncoding], now);
                }
                _counters.DroppedSimulcastLayer++;
                continue;
            }
            _stripped.AsSpan(0, length).CopyTo(_send);
            info.Rewrite(_send, payloadOffset, layout.PrimarySsrc, header);
            if (TrySendRtp(to, _send, length, now))
            {
                to.CountSent(layout.PrimarySsrc, payloadLength);
                _counters.RtpForwarded++;
            }
        }
    }

    /// <summary>Stamps this hop's transport-wide sequence number and abs-send-time (the receiver's ids, when it
    /// negotiated them) into <paramref name="buffer"/> and sends it to <paramref name="to"/>.</summary>
    public bool TrySendRtp(EndpointMedia to, byte[] buffer, int length, long now)
    {
        if (to.Transport is not { } transport)
        {
            return false;
        }
        Span<byte> value = stackalloc byte[AbsSendTimeExtension.Length];
        var numbered = false;
        if (to.TransportCcId != 0 && TransportSequenceNumberExtension.TryWrite(value, to.NextTransportSequence())
            && RtpHeaderExtensions.TryAdd(buffer, length, to.TransportCcId, value[..TransportSequenceNumberExtension.Length], out var stamped))
        {
            length = stamped;
            numbered = true;
        }
        if (to.AbsSendTimeId != 0 && AbsSendTimeExtension.TryWrite(value, AbsSendTimeExtension.FromMicroseconds((long)(now * _microsecondsPerTick)))
            && RtpHeaderExtensions.TryAdd(buffer, length, to.AbsSendTimeId, value, out stamped))
        {
            length = stamped;
        }
        if (numbered)
        {
            // Remembered for the receiver's transport-cc feedback (the estimator), whether or not the send succeeds.
            to.Bandwidth.OnPacketSent(to.LastTransportSequence, length, (long)(now * _microsecondsPerTick));
        }
        return transport.TrySendRtp(buffer, length);
    }

    private void RecordTransportArrival(EndpointMedia from, in RtpPacket rtp, long now)
    {
        if (from.TransportCcId != 0 && rtp.TryGetExtension(from.TransportCcId, out var value)
            && TransportSequenceNumberExtension.TryParse(value, out var sequenceNumber))
        {
            from.TransportCc.OnPacket(sequenceNumber, rtp.Ssrc, (long)(now * _microsecondsPerTick));
        }
    }
}
