using System.Runtime.InteropServices;
using Jitsi.Net.Videobridge.Bandwidth;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using Jitsi.Net.Videobridge.Rtcp;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// The media side of one endpoint on its Worker: its transport, what it sends (<see cref="SourceTable"/>), the
/// header-extension ids it negotiated (audio level — the one extension forwarded —, transport-cc and abs-send-time,
/// which the bridge stamps itself per hop), its RTX payload types, force-mute, and the per-hop state: reception
/// statistics of each SSRC it sends, transport-cc arrivals, counts of what was forwarded to it per SSRC (for the sender
/// reports it gets), its transport-wide and RTX sequence counters, and the time of the last key-frame request relayed
/// per source; its speech activity, the gaps in the video it sends and its round trip; as a sender, its video
/// sources' measured encodings (<see cref="VideoSource"/>) and payload-type codecs; as a receiver, its available
/// bitrate and its <see cref="LayerProjection"/> of each source it gets. Receives the endpoint's decrypted RTP/RTCP and
/// hands them to the conference's <see cref="ConferenceRouter"/>. Owned by the Worker thread.
/// </summary>
internal sealed class EndpointMedia : IMediaReceiver
{
    /// <summary>PROTOCOL.md §6.4: at most one key-frame request per source toward the sender per 200 ms.</summary>
    public static readonly TimeSpan KeyframeRequestInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>RFC 3550 §6.4.1 caps report blocks per packet at 31.</summary>
    public const int MaxReportBlocks = 31;

    private readonly Dictionary<uint, long> _lastKeyframeRequest = [];
    private readonly Dictionary<uint, ushort> _rtxSequence = [];
    private readonly byte[] _keepIds = new byte[1];
    private ushort _transportSequence;

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

    /// <summary>Transport-wide sequence number extension id (draft-holmer §2), or 0.</summary>
    public byte TransportCcId { get; set; }

    /// <summary>abs-send-time extension id, or 0.</summary>
    public byte AbsSendTimeId { get; set; }

    public RtxPayloadTypes RtxPayloadTypes { get; } = new();

    /// <summary>The codec of each video payload type it negotiated.</summary>
    public VideoCodecs VideoCodecs { get; } = new();

    /// <summary>What the bridge may send toward this endpoint, bits per second (set by the bandwidth estimator;
    /// unlimited until it does). The <see cref="BitrateAllocator"/> never plans beyond it.</summary>
    public long AvailableBitrateBps { get; set; } = long.MaxValue;

    /// <summary>The <see cref="AvailableBitrateBps"/> the last allocation for this receiver used.</summary>
    public long AllocatedForBitrateBps { get; set; } = long.MaxValue;

    /// <summary>This endpoint's own video sources as the packet path measures them, by first SIM SSRC.</summary>
    public Dictionary<uint, VideoSource> VideoSources { get; } = [];

    /// <summary>As a receiver: its view of each other endpoint's video source, by that source's first SIM SSRC. A
    /// source without an entry (or with no target) is not forwarded to it.</summary>
    public Dictionary<uint, LayerProjection> Projections { get; } = [];

    public ReadOnlySpan<byte> ForwardedExtensionIds => _keepIds[0] == 0 ? [] : _keepIds;

    /// <summary>Reception statistics per SSRC this endpoint sends (RTX excluded).</summary>
    public Dictionary<uint, ReceiveStatistics> Received { get; } = [];

    /// <summary>Packets and payload octets forwarded to this endpoint per SSRC (RFC 3550 §6.4.1 sender info).</summary>
    public Dictionary<uint, (long Packets, long Octets)> Sent { get; } = [];

    public TransportCcRecorder TransportCc { get; } = new();

    /// <summary>The round trip to this endpoint (from its report blocks on the sender reports the bridge sent it).</summary>
    public RoundTripEstimator RoundTrip { get; } = new();

    /// <summary>Gap tracking per video SSRC this endpoint sends (RTX excluded), for NACKs toward it.</summary>
    public Dictionary<uint, LossDetector> Losses { get; } = [];
    /// <summary>What the bridge can send to this endpoint (its transport-cc feedback or REMB), and the probing it needs.</summary>
    public BandwidthEstimator Bandwidth { get; } = new();

    /// <summary>What the allocator would send to this endpoint if it could (bps; 0 = nothing more): above the
    /// estimate, the bridge probes.</summary>
    public long DesiredBitrateBps { get; set; }

    /// <summary>When this endpoint was added and when its last RTP packet arrived (<see cref="TimeProvider"/>
    /// timestamps; 0 = none yet), and whether the others were told it went inactive.</summary>
    public long AddedTimestamp { get; set; }

    public long LastPacketTimestamp { get; set; }

    public bool Inactive { get; set; }

    /// <summary>The audio levels this endpoint sent and its speech-activity scores (<see cref="DominantSpeaker"/>).</summary>
    public SpeechActivity Speech { get; } = new();

    /// <summary>Whether it is among the current and recent speakers whose audio is forwarded when only theirs is
    /// (set on each speaker decision, read per packet).</summary>
    public bool AmongAudioSpeakers { get; set; }

    /// <summary>Source names forwarded to this receiver (its <c>ForwardedSources</c>); replaced whole by
    /// <see cref="ConferenceEvents"/>, read per packet.</summary>
    public HashSet<string> ForwardedSources { get; set; } = new(StringComparer.Ordinal);

    /// <summary>As a receiver: the video sources within its last-N and not capped at height 0, whether or not its
    /// bandwidth lets them through (what <c>SenderSourceConstraints</c> are computed from).</summary>
    public HashSet<string> EligibleVideoSources { get; } = new(StringComparer.Ordinal);

    /// <summary>Per own video source, the max height last sent in <c>SenderSourceConstraints</c>.</summary>
    public Dictionary<string, int> SentSourceConstraints { get; } = new(StringComparer.Ordinal);

    /// <summary>The bridge channel the current state was last sent on, and the byte count at the last ConnectionStats.</summary>
    public BridgeChannelSocket? AnnouncedChannel { get; set; }

    public long BytesSentAtLastStats { get; set; }

    public void OnRtp(EndpointTransport transport, Span<byte> packet) => Router.Route(this, packet);

    public void OnRtcp(EndpointTransport transport, Span<byte> packet) => Router.OnRtcp(this, packet);

    /// <summary>The measured state of one of this endpoint's video sources (created at its first packet, and again
    /// if the source was signalled anew with other SSRCs).</summary>
    public VideoSource VideoSourceFor(VideoSourceLayout layout, long timestampFrequency)
    {
        ref var source = ref CollectionsMarshal.GetValueRefOrAddDefault(VideoSources, layout.PrimarySsrc, out _);
        if (source is null || !source.Layout.Encodings.AsSpan().SequenceEqual(layout.Encodings))
        {
            source = new VideoSource(layout, timestampFrequency);
        }
        return source;
    }

    public ReceiveStatistics StatisticsFor(uint ssrc, MediaType media)
    {
        ref var statistics = ref CollectionsMarshal.GetValueRefOrAddDefault(Received, ssrc, out _);
        return statistics ??= new ReceiveStatistics(media == MediaType.Audio ? 48_000 : 90_000);
    }

    public LossDetector LossDetectorFor(uint ssrc, long timestampFrequency)
    {
        ref var detector = ref CollectionsMarshal.GetValueRefOrAddDefault(Losses, ssrc, out _);
        return detector ??= new LossDetector(timestampFrequency);
    }

    public void CountSent(uint ssrc, int payloadLength)
    {
        ref var sent = ref CollectionsMarshal.GetValueRefOrAddDefault(Sent, ssrc, out _);
        sent = (sent.Packets + 1, sent.Octets + payloadLength);
    }

    /// <summary>The next transport-wide sequence number of packets sent to this endpoint.</summary>
    public ushort NextTransportSequence() => _transportSequence++;

    /// <summary>The transport-wide sequence number given out last.</summary>
    public ushort LastTransportSequence => (ushort)(_transportSequence - 1);

    /// <summary>The next sequence number of the bridge's own RTX stream on <paramref name="rtxSsrc"/> toward this endpoint.</summary>
    public ushort NextRtxSequence(uint rtxSsrc)
    {
        ref var sequence = ref CollectionsMarshal.GetValueRefOrAddDefault(_rtxSequence, rtxSsrc, out _);
        return sequence++;
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

    /// <summary>Fills <paramref name="blocks"/> with a report block per SSRC received from this endpoint.</summary>
    public int TakeReportBlocks(Span<ReportBlock> blocks, long now, long timestampFrequency)
    {
        var count = 0;
        foreach (var (ssrc, statistics) in Received)
        {
            if (count == blocks.Length)
            {
                break;
            }
            blocks[count++] = statistics.TakeReportBlock(ssrc, now, timestampFrequency);
        }
        return count;
    }
}
