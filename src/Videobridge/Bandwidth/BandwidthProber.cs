using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Rtp;

namespace Jitsi.Net.Videobridge.Bandwidth;

/// <summary>
/// Sends the probe clusters each receiver's <see cref="BandwidthEstimator"/> asks for, from the Worker's timer tick:
/// padding-only RTP packets (RFC 3550 §5.1: padding bit set, the last byte counting <see cref="PaddingBytes"/>) on
/// the RTX stream of a video source the receiver is eligible for (RFC 4588: its RTX SSRC and payload type, the bridge's own RTX
/// sequence numbers toward that receiver), through <see cref="ConferenceRouter.TrySendRtp"/> so they carry the
/// receiver's transport-wide sequence number and are remembered like media. A receiver that negotiated no
/// transport-cc or no RTX, or gets no video yet, is not probed. Owned by the Worker thread; allocates nothing.
/// </summary>
internal sealed class BandwidthProber(ConferenceRouter router, ForwardingCounters counters, TimeProvider time)
{
    /// <summary>RFC 3550 §5.1: the padding count is one octet.</summary>
    public const int PaddingBytes = 255;

    /// <summary>Padding packets one receiver gets per tick at most (≈ 23 Mbps over 10 ms).</summary>
    public const int MaxPacketsPerTick = 100;

    private readonly byte[] _packet = new byte[1600];
    private readonly double _microsecondsPerTick = 1e6 / time.TimestampFrequency;
    private long _lastTickUs = -1;

    public void OnTimer()
    {
        var now = time.GetTimestamp();
        var nowUs = (long)(now * _microsecondsPerTick);
        var tickUs = _lastTickUs < 0 ? 10_000 : Math.Clamp(nowUs - _lastTickUs, 1_000, 50_000);
        _lastTickUs = nowUs;
        foreach (var to in router.Endpoints)
        {
            var estimator = to.Bandwidth;
            if (to.Transport is null || to.TransportCcId == 0 || estimator.History.Count == 0)
            {
                continue;
            }
            if (!estimator.Probe.Sending)
            {
                if (!TryFindPaddingStream(to, out _, out _) || !estimator.TryStartProbe(to.DesiredBitrateBps, nowUs, out _))
                {
                    continue;
                }
                counters.ProbeClustersSent++;
            }
            if (TryFindPaddingStream(to, out var rtxSsrc, out var rtxPayloadType))
            {
                SendPadding(to, rtxSsrc, rtxPayloadType, estimator.ProbeBytesDue(tickUs), now);
            }
            estimator.OnProbeTick();
        }
    }

    private void SendPadding(EndpointMedia to, uint rtxSsrc, byte rtxPayloadType, long bytes, long now)
    {
        for (var i = 0; i < MaxPacketsPerTick && bytes > 0; i++)
        {
            var builder = new RtpPacketBuilder(_packet);
            if (!builder.TryWriteHeader(rtxPayloadType, false, to.NextRtxSequence(rtxSsrc), 0, rtxSsrc) || !builder.TryAddPadding(PaddingBytes))
            {
                return;
            }
            var length = builder.Length;
            bytes -= length;
            if (router.TrySendRtp(to, _packet, length, now))
            {
                counters.ProbePacketsSent++;
            }
        }
    }

    /// <summary>The RTX SSRC of a video source <paramref name="to"/> is eligible for (or forwarded) and an RTX payload type
    /// it negotiated.</summary>
    private static bool TryFindPaddingStream(EndpointMedia to, out uint rtxSsrc, out byte rtxPayloadType)
    {
        rtxSsrc = 0;
        rtxPayloadType = 0;
        var found = false;
        for (byte original = 0; original < 128 && !found; original++)
        {
            found = to.RtxPayloadTypes.TryGetRtx(original, out rtxPayloadType);
        }
        if (!found)
        {
            return false;
        }
        if (!to.Endpoint.VideoConstraintsReceived)
        {
            return false;
        }
        foreach (var sender in to.Router.Endpoints)
        {
            if (sender == to)
            {
                continue;
            }
            var sources = sender.Sources.VideoSources;
            for (var i = 0; i < sources.Count; i++)
            {
                // Eligible: signalled to the receiver and within its last-N even when its bandwidth lets no layer
                // through yet (which is when probing matters most).
                var name = sources[i].Name;
                if (sources[i].RtxSsrcs[0] != 0 && (to.EligibleVideoSources.Contains(name) || to.ForwardedSources.Contains(name)))
                {
                    rtxSsrc = sources[i].RtxSsrcs[0];
                    return true;
                }
            }
        }
        return false;
    }
}
