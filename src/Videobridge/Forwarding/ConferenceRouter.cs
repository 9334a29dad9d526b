using Jitsi.Net.Videobridge.Rtcp;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// Forwarding, first version (the conference's media on its Worker): each RTP packet an endpoint sends goes to every
/// other endpoint of the conference — audio always, video only for the sources' primary SSRC and its RTX (the layers
/// receivers know about) and only to receivers that sent their first <c>ReceiverVideoConstraints</c> (JVB forwards no
/// video before it). Header extensions are stripped down to audio level (the sender's transport-cc and
/// abs-send-time numbering means nothing to a receiver). Key-frame requests (PLI, FIR) from receivers are relayed as
/// a PLI to the sender, at most one per 200 ms per source. Owned by the Worker thread; nothing here allocates,
/// awaits or locks per packet.
/// </summary>
internal sealed class ConferenceRouter(uint feedbackVideoSsrc, ForwardingCounters counters, TimeProvider time)
{
    // One copy with the extensions stripped, then one per receiver to protect in place (room for the SRTP tag).
    private readonly byte[] _stripped = new byte[1600];
    private readonly byte[] _send = new byte[1600];
    private readonly List<EndpointMedia> _endpoints = [];

    public int EndpointCount => _endpoints.Count;

    public void Add(EndpointMedia endpoint)
    {
        if (!_endpoints.Contains(endpoint))
        {
            _endpoints.Add(endpoint);
        }
    }

    public void Remove(EndpointMedia endpoint) => _endpoints.Remove(endpoint);

    public void Route(EndpointMedia from, Span<byte> packet)
    {
        if (!RtpPacket.TryParse(packet, out var rtp) || packet.Length > _stripped.Length - 64)
        {
            counters.DroppedUnparsable++;
            return;
        }
        if (!from.Sources.TryGet(rtp.Ssrc, out var role))
        {
            counters.DroppedUnknownSsrc++;
            return;
        }
        if (!role.Forward)
        {
            counters.DroppedSimulcastLayer++;
            return;
        }
        if (from.IsMuted(role.Media))
        {
            counters.DroppedForceMuted++;
            return;
        }
        packet.CopyTo(_stripped);
        var length = RtpHeaderExtensions.Strip(_stripped, packet.Length, from.ForwardedExtensionIds);
        var video = role.Media == MediaType.Video;
        foreach (var to in _endpoints)
        {
            if (to == from || to.Transport is not { } transport)
            {
                continue;
            }
            if (video && !to.Endpoint.VideoConstraintsReceived)
            {
                counters.DroppedNoVideoConstraints++;
                continue;
            }
            _stripped.AsSpan(0, length).CopyTo(_send);
            if (transport.TrySendRtp(_send, length))
            {
                counters.RtpForwarded++;
            }
        }
    }

    /// <summary>A receiver asked for a key frame of <paramref name="mediaSsrc"/>: ask its sender, rate-limited.</summary>
    public void RequestKeyframe(uint mediaSsrc)
    {
        foreach (var sender in _endpoints)
        {
            if (!sender.Sources.IsForwardedVideo(mediaSsrc) || sender.Transport is not { } transport)
            {
                continue;
            }
            if (!sender.AllowKeyframeRequest(mediaSsrc, time.GetUtcNow().UtcTicks))
            {
                counters.KeyframeRequestsRateLimited++;
                return;
            }
            var pli = new PictureLossIndication(feedbackVideoSsrc, mediaSsrc);
            if (pli.TryWrite(_send, out var written) && transport.TrySendRtcp(_send, written))
            {
                counters.KeyframeRequestsRelayed++;
            }
            return;
        }
    }
}
