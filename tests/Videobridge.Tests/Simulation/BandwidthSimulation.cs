using System.Buffers.Binary;
using Jitsi.Net.Videobridge.Bandwidth;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Tests.Forwarding;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Simulation;

/// <summary>One packet on the simulated link: its transport-wide sequence number and, when the receiver is connected,
/// its decrypted bytes.</summary>
internal readonly record struct SentBytes(ushort Sequence, byte[]? Packet);

/// <summary>The estimator at one moment: the estimate and its delay- and loss-based parts, and the acknowledged rate.</summary>
internal readonly record struct EstimateSample(double Seconds, long EstimateBps, long DelayBasedBps, long LossBasedBps, long AcknowledgedBps);

/// <summary>The path between the bridge and the simulated receiver, and how the sender behaves.</summary>
internal sealed record SimulationOptions
{
    public long LinkBps { get; init; } = 2_500_000;

    /// <summary>One-way propagation delay each way (RTT = twice this plus queueing).</summary>
    public long OneWayDelayUs { get; init; } = 25_000;

    public long JitterUs { get; init; } = 1_000;

    public double Loss { get; init; } = 0.01;

    /// <summary>Drop-tail queue at the bottleneck, as time at the link's starting rate.</summary>
    public long QueueUs { get; init; } = 300_000;

    /// <summary>What the sender offers; it sends the smaller of this and the receiver's estimate (an ideally adaptive
    /// sender).</summary>
    public long OfferedBps { get; init; } = 10_000_000;

    public long FeedbackIntervalUs { get; init; } = 100_000;

    public int Seed { get; init; } = 1;

    /// <summary>Connect the receiver's transport to a loopback socket peer (SRTP), so that the bytes the bridge sends
    /// travel the link and can be checked; otherwise only sequence numbers and sizes do.</summary>
    public bool ConnectReceiver { get; init; }
}

/// <summary>
/// A sender, the bridge and a receiver on virtual time: the sender's packets go through the real
/// <see cref="ConferenceRouter"/> (stamping, the send-side history, probing on the Worker tick every 10 ms) toward a
/// receiver whose transport is not connected; what the bridge stamped and recorded is taken from the receiver's
/// <see cref="Bandwidth.SendSideHistory"/> and carried over a <see cref="SimulatedLink{T}"/> to a
/// <see cref="SimulatedReceiver"/>, whose transport-cc feedback travels back over a second link (delay only) into
/// <see cref="ConferenceRouter.OnRtcp"/>, i.e. <see cref="RtcpTermination"/> and the receiver's estimator.
/// Time advances in 1 ms steps; everything random is seeded.
/// </summary>
internal sealed class BandwidthSimulation : IDisposable
{
    public const uint Audio = 0x0A0A;
    public const uint Video = 0x0B0B;
    public const uint VideoRtx = 0x0C0C;
    public const int PacketPayload = 1150;
    private const byte TransportCcId = 5;
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly Worker _worker;
    private ConnectedPeer? _peer;
    private readonly SimulatedReceiver _endpoint = new(0x5151);
    private readonly byte[] _packet = new byte[1600];
    private readonly byte[] _payload = new byte[PacketPayload];
    private ushort _sequence;
    private ushort _senderTransportSequence;
    private long _nextSent;
    private long _mediaPackets;
    private double _credit;
    private long _nextFeedbackUs;
    private long _nextTickUs;

    public BandwidthSimulation(SimulationOptions options)
    {
        Options = options;
        // The Worker (ICE, DTLS) keeps the real clock; the router and everything it decides run on Time.
        _worker = new Worker("bridge", WorkerHarness.LoopbackOptions(), _certificate);
        var conference = new Conference("meeting", null, Time);
        Router = new ConferenceRouter(conference.FeedbackVideoSsrc, Counters, Time);
        Sender = AddEndpoint(conference, "sender", connect: false);
        Receiver = AddEndpoint(conference, "receiver", options.ConnectReceiver);
        _worker.RunPosted();
        Assert.True(EndpointSourceSet.TryCreate(
            [
                new SourceDescription("sender", MediaType.Audio, "sender-a0", [Audio], []),
                new SourceDescription("sender", MediaType.Video, "sender-v0", [Video, VideoRtx], [new SsrcGroup(SourceGroupElement.FlowId, [Video, VideoRtx])]),
            ],
            out var sources, out _));
        Sender.Sources = SourceTable.From(sources);
        Sender.TransportCcId = TransportCcId;
        Receiver.TransportCcId = TransportCcId;
        Receiver.RtxPayloadTypes.Add(96, 100);
        Receiver.Endpoint.ApplyConstraints(new(null, null, null, null, null, null));
        Router.Events.Evaluate(Time.GetTimestamp());
        Forward = new SimulatedLink<SentBytes>(options.LinkBps, options.OneWayDelayUs, options.JitterUs, options.Loss,
            (int)(options.LinkBps * options.QueueUs / 8_000_000), options.Seed);
        Backward = new SimulatedLink<byte[]>(100_000_000, options.OneWayDelayUs, 0, 0, 1 << 20, options.Seed + 1);
        OfferedBps = options.OfferedBps;
    }

    public SimulationOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public ForwardingCounters Counters { get; } = new();

    public ConferenceRouter Router { get; }

    public EndpointMedia Sender { get; }

    public EndpointMedia Receiver { get; }

    public SimulatedLink<SentBytes> Forward { get; }

    /// <summary>What the sender sends each millisecond instead of the adaptive stream (RTP packets, routed as they
    /// are); null: the adaptive stream.</summary>
    public Func<long, IEnumerable<byte[]>>? Media { get; set; }

    /// <summary>With <see cref="SimulationOptions.ConnectReceiver"/>: the decrypted packets that crossed the link, with
    /// their arrival (µs since the start).</summary>
    public List<(long ArrivalUs, byte[] Packet)> Delivered { get; } = [];

    public SimulatedLink<byte[]> Backward { get; }

    public long OfferedBps { get; set; }

    /// <summary>Bytes the sender produced (before the bridge).</summary>
    public long MediaBytesSent { get; private set; }

    /// <summary>The estimator every 100 ms.</summary>
    public List<EstimateSample> Samples { get; } = [];

    /// <summary>Packets the bridge originated toward the receiver (probe padding): all it stamped less the media.</summary>
    public long PaddingPackets => Receiver.Bandwidth.History.Count - _mediaPackets;

    public double Seconds => ElapsedUs / 1e6;

    private long ElapsedUs { get; set; }

    public void Dispose()
    {
        _worker.Dispose();
        _peer?.Dispose();
        _certificate.Dispose();
    }

    /// <summary>Runs for <paramref name="duration"/> of virtual time.</summary>
    public void Run(TimeSpan duration)
    {
        var endUs = ElapsedUs + (long)(duration.TotalMilliseconds * 1000);
        while (ElapsedUs < endUs)
        {
            Time.Advance(TimeSpan.FromMilliseconds(1));
            ElapsedUs += 1000;
            if (Media is { } media)
            {
                foreach (var packet in media(ElapsedUs))
                {
                    Router.Route(Sender, packet);
                }
            }
            else
            {
                SendMedia();
            }
            if (ElapsedUs >= _nextTickUs)
            {
                _nextTickUs = ElapsedUs + 10_000;
                Router.Timer();
            }
            CarryForward();
            while (Forward.TryReceive(ElapsedUs, out var sent, out var arrivalUs))
            {
                _endpoint.OnPacket(sent.Sequence, arrivalUs);
                if (sent.Packet is { } bytes)
                {
                    Delivered.Add((arrivalUs, bytes));
                }
            }
            if (ElapsedUs >= _nextFeedbackUs)
            {
                _nextFeedbackUs = ElapsedUs + Options.FeedbackIntervalUs;
                foreach (var feedback in _endpoint.TakeFeedback())
                {
                    Backward.Send(ElapsedUs, feedback.Length, feedback);
                }
            }
            while (Backward.TryReceive(ElapsedUs, out var rtcp, out _))
            {
                Router.OnRtcp(Receiver, rtcp);
            }
            if (ElapsedUs % 100_000 == 0)
            {
                var estimator = Receiver.Bandwidth;
                Samples.Add(new EstimateSample(Seconds, estimator.EstimateBps, (long)estimator.DelayBasedBps, (long)estimator.LossBasedBps, (long)estimator.AcknowledgedBps));
            }
        }
    }

    /// <summary>The sender's stream at the smaller of what it offers and the receiver's estimate, paced per ms: an ideally
    /// adaptive sender. It goes on the sender's audio SSRC, which the bridge forwards to every subscriber without the
    /// bitrate allocator, so that the estimator is measured on its own (the allocator's layer choice would quantise
    /// the rate; a joint test drives both).</summary>
    private void SendMedia()
    {
        var rate = Math.Min(OfferedBps, Receiver.AvailableBitrateBps == long.MaxValue ? BandwidthEstimator.StartBps : Receiver.AvailableBitrateBps);
        _credit = Math.Min(_credit + (rate / 8.0 / 1000), 3 * (PacketPayload + 12));
        Span<byte> transportSequence = stackalloc byte[2];
        while (_credit >= PacketPayload + 12)
        {
            var builder = new RtpPacketBuilder(_packet);
            BinaryPrimitives.WriteUInt16BigEndian(transportSequence, _senderTransportSequence++);
            Assert.True(builder.TryWriteHeader(111, false, _sequence++, (uint)(ElapsedUs * 48 / 1000), Audio));
            Assert.True(builder.TryAddExtension(TransportCcId, transportSequence));
            Assert.True(builder.TryAppendPayload(_payload));
            _credit -= builder.Length;
            MediaBytesSent += builder.Length;
            Router.Route(Sender, _packet.AsSpan(0, builder.Length));
            _mediaPackets++;
        }
    }

    /// <summary>Everything the bridge stamped toward the receiver since the last step goes onto the link.</summary>
    private void CarryForward()
    {
        var history = Receiver.Bandwidth.History;
        var count = (int)(history.Count - _nextSent);
        // Over loopback nothing is lost or reordered: the peer reads exactly what was stamped, in order.
        var bytes = _peer is null || count == 0 ? null : _peer.Receive(count);
        for (var i = 0; i < count; i++)
        {
            var sequence = (ushort)_nextSent++;
            Assert.True(history.TryPeek(sequence, out var sent));
            Forward.Send(ElapsedUs, sent.Size, new SentBytes(sequence, bytes?[i]));
        }
    }

    private EndpointMedia AddEndpoint(Conference conference, string id, bool connect)
    {
        var media = new EndpointMedia(new Endpoint(conference, id, null), Router);
        if (connect)
        {
            _peer = new ConnectedPeer(_worker, media, id);
        }
        else
        {
            media.Transport = _worker.CreateEndpoint(id, media);
        }
        Router.Add(media);
        return media;
    }
}
