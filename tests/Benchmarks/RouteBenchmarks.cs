using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;
using Jitsi.Net.Videobridge.Transport.Srtp;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Benchmarks;

/// <summary>
/// <c>ConferenceRouter.Route</c> of one 1,200-byte VP8 packet to 1, 10 and 50 receivers: parse, source lookup,
/// extension strip, and per receiver a copy, SRTP protect (AEAD_AES_128_GCM) and the send call, whose delegate
/// discards. The receivers' transports are real <see cref="EndpointTransport"/>s whose ICE connected in memory in
/// the setup (checks handed between the two agents) and whose SRTP contexts come through the
/// <c>UseSrtpContexts</c> seam. Divide the mean by <see cref="Receivers"/> for the cost per forwarded packet.
/// </summary>
[MemoryDiagnoser]
public class RouteBenchmarks
{
    private const uint VideoSsrc = 0x1000_0001;
    private readonly byte[] _packet = new byte[1_200];
    private readonly List<EndpointTransport> _transports = [];
    private ConferenceRouter _router = null!;
    private EndpointMedia _sender = null!;
    private DtlsCertificate _certificate = null!;

    [Params(1, 10, 50)]
    public int Receivers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _certificate = DtlsCertificate.Generate();
        var conference = new Conference("bench", null, TimeProvider.System);
        _router = new ConferenceRouter(0x4000_0000, new ForwardingCounters(), TimeProvider.System);
        _sender = new EndpointMedia(new Endpoint(conference, "sender", null), _router) { Sources = SenderSources() };
        _router.Add(_sender);
        var pairs = new InMemoryIcePairs(_certificate);
        for (var i = 0; i < Receivers; i++)
        {
            var endpoint = new Endpoint(conference, $"receiver{i}", null);
            endpoint.ApplyConstraints(new ReceiverVideoConstraints(null, null, null, null, null, null));
            var transport = pairs.Add(i);
            _transports.Add(transport);
            _router.Add(new EndpointMedia(endpoint, _router) { Transport = transport });
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
        // RTP header, VP8 descriptor (S=1), filler.
        _packet[0] = 0x80;
        _packet[1] = 100;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(_packet.AsSpan(8), VideoSsrc);
        _packet[12] = 0x10;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var transport in _transports)
        {
            transport.Dispose();
        }
        _certificate.Dispose();
    }

    [Benchmark]
    public void Route() => _router.Route(_sender, _packet);

    private static SourceTable SenderSources()
    {
        var builder = new EndpointSourceSet.Builder();
        builder.TryAddSource("sender", MediaType.Video, VideoSsrc, "sender-v0", null, null, out _);
        builder.TryBuild(out var set, out var reason);
        return SourceTable.From(set ?? throw new InvalidOperationException(reason));
    }

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
