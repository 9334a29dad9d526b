using System.Buffers.Binary;
using System.Security.Cryptography;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Srtp;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Benchmarks;

/// <summary>
/// One sender and <c>receivers</c> receivers in one <see cref="ConferenceRouter"/>, set up so that every packet
/// <see cref="RouteNext"/> routes is really forwarded to every receiver: the receivers sent their
/// <c>ReceiverVideoConstraints</c> and the allocator evaluated them (each has a projection of the sender's video and
/// subscribes to its audio); their transports are real <see cref="EndpointTransport"/>s whose ICE connected in memory
/// and whose SRTP (AEAD_AES_128_GCM) contexts come through the <c>UseSrtpContexts</c> seam; the send delegate
/// discards. Each packet carries the next sequence number and timestamp of its stream; video is one 1,200-byte VP8
/// frame per packet (RFC 7741 descriptor with picture id, TL0PICIDX and temporal layer 0), the first a key frame
/// (RFC 6386 §9.1 header) so the projections start, the rest inter frames; audio is a 100-byte packet every 20 ms.
/// Used by <c>RouteBenchmarks</c> and by the test that checks this setup forwards (counters), so the benchmark cannot
/// quietly measure a drop path. Not thread-safe.
/// </summary>
internal sealed class RouteFanOut : IDisposable
{
    public const uint AudioSsrc = 0x1000_0000;
    public const uint VideoSsrc = 0x1000_0001;
    public const int VideoPacketBytes = 1_200;
    public const int AudioPacketBytes = 100;
    private const byte Vp8PayloadType = 100;
    private const byte OpusPayloadType = 111;

    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly List<EndpointTransport> _transports = [];
    private readonly byte[] _packet;
    private readonly bool _video;
    private ushort _sequence = 1000;
    private uint _timestamp = 90_000;
    private int _pictureId = 100;
    private byte _tl0PicIdx;

    public RouteFanOut(int receivers, MediaType media)
    {
        _video = media == MediaType.Video;
        var conference = new Conference("bench", null, TimeProvider.System);
        Router = new ConferenceRouter(0x4000_0000, Counters, TimeProvider.System);
        Sender = new EndpointMedia(new Endpoint(conference, "sender", null), Router) { Sources = SenderSources() };
        Sender.VideoCodecs.Add(Vp8PayloadType, "VP8");
        Router.Add(Sender);
        var pairs = new InMemoryIcePairs(_certificate);
        for (var i = 0; i < receivers; i++)
        {
            var endpoint = new Endpoint(conference, $"receiver{i}", null);
            endpoint.ApplyConstraints(new ReceiverVideoConstraints(null, null, null, null, null, null));
            var transport = pairs.Add(i);
            _transports.Add(transport);
            Router.Add(new EndpointMedia(endpoint, Router) { Transport = transport });
        }
        pairs.ConnectAll(TimeSpan.FromSeconds(30));
        var keyingMaterial = RandomNumberGenerator.GetBytes(SrtpContextFactory.KeyingMaterialLength(SrtpProtectionProfile.AeadAes128Gcm));
        foreach (var transport in _transports)
        {
            SrtpContextFactory.TryCreate(SrtpProtectionProfile.AeadAes128Gcm, keyingMaterial, isDtlsClient: false, out var send, out var receive);
            transport.UseSrtpContexts(send!, receive!);
            if (transport.State != TransportState.Connected)
            {
                throw new InvalidOperationException($"receiver {transport.Id} is {transport.State}");
            }
        }
        Router.Events.Evaluate(TimeProvider.System.GetTimestamp());
        _packet = new byte[_video ? VideoPacketBytes : AudioPacketBytes];
        _packet[0] = 0x80;
        BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(8), _video ? VideoSsrc : AudioSsrc);
        if (_video)
        {
            // X=1 S=1 | I=1 L=1 T=1 | M=1 picture id (15 bits) | TL0PICIDX | TID=0; then the key-frame header.
            _packet[12] = 0x90;
            _packet[13] = 0xE0;
            ReadOnlySpan<byte> keyFrame = [0x00, 0x00, 0x00, 0x9D, 0x01, 0x2A, 0x80, 0x02, 0x68, 0x01];
            keyFrame.CopyTo(_packet.AsSpan(18));
        }
    }

    public ForwardingCounters Counters { get; } = new();

    public ConferenceRouter Router { get; }

    public EndpointMedia Sender { get; }

    /// <summary>The receivers' transports, in the order they joined.</summary>
    public IReadOnlyList<EndpointTransport> Transports => _transports;

    /// <summary>Routes the stream's next packet (one frame of video, or 20 ms of audio).</summary>
    public void RouteNext()
    {
        var packet = _packet;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), _sequence++);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), _timestamp);
        if (_video)
        {
            packet[1] = 0x80 | Vp8PayloadType;
            _timestamp += 3000;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), (ushort)(0x8000 | _pictureId));
            _pictureId = (_pictureId + 1) & 0x7FFF;
            packet[16] = _tl0PicIdx++;
            packet[17] = 0;
            // After the first, inter frames: frame tag with P=1 (RFC 6386 §9.1).
            if (_sequence != 1001)
            {
                ReadOnlySpan<byte> interFrame = [0x01, 0x00, 0x00, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42, 0x42];
                interFrame.CopyTo(packet.AsSpan(18));
            }
        }
        else
        {
            packet[1] = OpusPayloadType;
            _timestamp += 960;
        }
        Router.Route(Sender, packet);
    }

    public void Dispose()
    {
        foreach (var transport in _transports)
        {
            transport.Dispose();
        }
        _certificate.Dispose();
    }

    private static SourceTable SenderSources()
    {
        var builder = new EndpointSourceSet.Builder();
        builder.TryAddSource("sender", MediaType.Audio, AudioSsrc, "sender-a0", null, null, out _);
        builder.TryAddSource("sender", MediaType.Video, VideoSsrc, "sender-v0", null, null, out _);
        builder.TryBuild(out var set, out var reason);
        return SourceTable.From(set ?? throw new InvalidOperationException(reason));
    }

    /// <summary>The receivers' transports hand nothing up: the benchmark only sends to them.</summary>
    internal sealed class NullReceiver : IMediaReceiver
    {
        public void OnRtp(EndpointTransport transport, Span<byte> packet)
        {
        }

        public void OnRtcp(EndpointTransport transport, Span<byte> packet)
        {
        }
    }
}
