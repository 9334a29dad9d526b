using System.Buffers.Binary;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Rtcp;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// The media side of one endpoint on its Worker: its transport, what it sends (<see cref="SourceTable"/>), the
/// header-extension id of audio level (the one extension forwarded), force-mute, and the time of the last key-frame
/// request relayed per source. Receives the endpoint's decrypted RTP/RTCP and hands RTP to the conference's
/// <see cref="ConferenceRouter"/>. Owned by the Worker thread.
/// </summary>
internal sealed class EndpointMedia : IMediaReceiver
{
    /// <summary>PROTOCOL.md §6.4: at most one key-frame request per source toward the sender per 200 ms.</summary>
    public static readonly TimeSpan KeyframeRequestInterval = TimeSpan.FromMilliseconds(200);

    private readonly Dictionary<uint, long> _lastKeyframeRequest = [];
    private readonly byte[] _keepIds = new byte[1];

    public EndpointMedia(Endpoint endpoint, ConferenceRouter router)
    {
        Endpoint = endpoint;
        Router = router;
    }

    public Endpoint Endpoint { get; }

    public ConferenceRouter Router { get; }

    public EndpointTransport? Transport { get; set; }

    public SourceTable Sources { get; set; } = SourceTable.Empty;

    public bool AudioMuted { get; set; }

    public bool VideoMuted { get; set; }

    /// <summary>RFC 6464 audio level extension id, or 0 when not negotiated.</summary>
    public byte AudioLevelId
    {
        get => _keepIds[0];
        set => _keepIds[0] = value;
    }

    public ReadOnlySpan<byte> ForwardedExtensionIds => _keepIds[0] == 0 ? [] : _keepIds;

    public void OnRtp(EndpointTransport transport, Span<byte> packet) => Router.Route(this, packet);

    public void OnRtcp(EndpointTransport transport, Span<byte> packet)
    {
        var compound = new RtcpCompound(packet);
        while (compound.TryReadNext(out var header, out var one))
        {
            if (header.PacketType != RtcpPacketType.PayloadFeedback)
            {
                continue;
            }
            if (header.Count == RtcpPacketType.FmtPictureLossIndication && PictureLossIndication.TryParse(one, out var pli))
            {
                Router.RequestKeyframe(pli.MediaSsrc);
            }
            else if (header.Count == RtcpPacketType.FmtFullIntraRequest && one.Length >= 20)
            {
                // RFC 5104 §4.3.1: the first FCI entry names the media source.
                Router.RequestKeyframe(BinaryPrimitives.ReadUInt32BigEndian(one[12..]));
            }
        }
    }

    /// <summary>True (and the time recorded) if a key-frame request for <paramref name="ssrc"/> may go out now.</summary>
    public bool AllowKeyframeRequest(uint ssrc, long nowTicks)
    {
        if (_lastKeyframeRequest.TryGetValue(ssrc, out var last) && nowTicks - last < KeyframeRequestInterval.Ticks)
        {
            return false;
        }
        _lastKeyframeRequest[ssrc] = nowTicks;
        return true;
    }

    public bool IsMuted(MediaType media) => media == MediaType.Audio ? AudioMuted : VideoMuted;
}
