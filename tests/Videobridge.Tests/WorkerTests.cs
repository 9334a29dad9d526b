using System.Net;
using System.Net.Sockets;
using Jitsi.Net.Videobridge.Tests.Transport.Ice;
using Jitsi.Net.Videobridge.Tests.Transport.Srtp;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Tests;

/// <summary>Workers on real UDP sockets on 127.0.0.1: ICE + DTLS + SRTP end to end between a bridge Worker and a
/// peer Worker built from the same classes in the controlled role, and garbage on the port.</summary>
public sealed class WorkerTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private readonly DtlsCertificate _bridgeCertificate = DtlsCertificate.Generate();
    private readonly DtlsCertificate _peerCertificate = DtlsCertificate.Generate("peer");

    public void Dispose()
    {
        _bridgeCertificate.Dispose();
        _peerCertificate.Dispose();
    }

    [Theory]
    [InlineData(true)] // the browser's usual answer: setup active, the bridge is the DTLS server
    [InlineData(false)] // setup passive: the bridge sends the ClientHello once ICE selected the pair
    public async Task Endpoints_CompleteIceAndDtls_AndExchangeSrtpBothWays(bool peerActive)
    {
        using var bridge = new Worker("bridge", WorkerHarness.LoopbackOptions(), _bridgeCertificate);
        using var peer = new Worker("peer", WorkerHarness.LoopbackOptions(IceRole.Controlled, peerActive ? DtlsSetup.Active : DtlsSetup.Passive), _peerCertificate);
        bridge.Start();
        peer.Start();
        var bridgeSink = new MediaSink();
        var peerSink = new MediaSink();
        var bridgeEndpoint = bridge.CreateEndpoint("endpoint-1", bridgeSink);
        var peerEndpoint = peer.CreateEndpoint("bridge", peerSink);

        // Offer (bridge → peer), then answer (peer → bridge), as Jingle would carry them.
        peer.Post(() => peerEndpoint.SetRemoteParameters(bridgeEndpoint.LocalCredentials.Ufrag, bridgeEndpoint.LocalCredentials.Password,
            bridgeEndpoint.LocalCandidates, bridgeEndpoint.LocalFingerprintHash, bridgeEndpoint.LocalFingerprint, bridgeEndpoint.LocalSetup));
        bridge.Post(() => bridgeEndpoint.SetRemoteParameters(peerEndpoint.LocalCredentials.Ufrag, peerEndpoint.LocalCredentials.Password,
            peerEndpoint.LocalCandidates, peerEndpoint.LocalFingerprintHash, peerEndpoint.LocalFingerprint, peerEndpoint.LocalSetup));

        Assert.True(await WorkerHarness.EventuallyAsync(async () =>
            await bridge.InvokeAsync(() => bridgeEndpoint.State) == TransportState.Connected
            && await peer.InvokeAsync(() => peerEndpoint.State) == TransportState.Connected, Bound));
        Assert.Equal(peerActive ? DtlsRole.Server : DtlsRole.Client, bridgeEndpoint.Dtls!.Role);
        Assert.Equal(peerActive ? DtlsRole.Client : DtlsRole.Server, peerEndpoint.Dtls!.Role);

        var toBridge = Enumerable.Range(0, 10).Select(i => SrtpPackets.Rtp(0x1111, (ushort)(100 + i), 200 + i)).ToList();
        var toPeer = Enumerable.Range(0, 10).Select(i => SrtpPackets.Rtp(0x2222, (ushort)(7 + i), 1000 + i)).ToList();
        var rtcp = SrtpPackets.Rtcp(0x2222, 6);
        Assert.True(await peer.InvokeAsync(() => toBridge.All(p => Send(peerEndpoint, p, rtcp: false))));
        Assert.True(await bridge.InvokeAsync(() => toPeer.All(p => Send(bridgeEndpoint, p, rtcp: false)) && Send(bridgeEndpoint, rtcp, rtcp: true)));

        Assert.True(await WorkerHarness.EventuallyAsync(() => bridgeSink.Rtp.Count == toBridge.Count && peerSink.Rtp.Count == toPeer.Count && peerSink.Rtcp.Count == 1, Bound));
        Assert.Equal(toBridge, bridgeSink.Rtp.ToList());
        Assert.Equal(toPeer, peerSink.Rtp.ToList());
        Assert.Equal(rtcp, Assert.Single(peerSink.Rtcp));
        Assert.Equal(0, TransportCounters.Read(ref bridge.Counters.SrtpAuthenticationFailed));
    }

    [Fact]
    public async Task Garbage_IsCountedAndDropped_AndTheWorkerLivesOn()
    {
        using var worker = new Worker("bridge", WorkerHarness.LoopbackOptions(), _bridgeCertificate);
        worker.Start();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(7);
        const int count = 300;
        for (var i = 0; i < count; i++)
        {
            var datagram = new byte[random.Next(1, 1400)];
            random.NextBytes(datagram);
            // Every demultiplexing range gets some: STUN-looking, DTLS-looking, RTP-looking and the rest.
            datagram[0] = (i % 4) switch { 0 => 1, 1 => 22, 2 => 0x80, _ => datagram[0] };
            socket.SendTo(datagram, worker.Port.LocalEndPoint);
            if (i % 20 == 19)
            {
                // In bursts the socket buffer can hold (Linux caps it at net.core.rmem_max).
                var sent = i + 1;
                Assert.True(await WorkerHarness.EventuallyAsync(() => TransportCounters.Read(ref worker.Counters.DatagramsReceived) == sent, Bound));
            }
        }
        socket.SendTo(IceChecks.Request("nobody", "password-password-password"), worker.Port.LocalEndPoint);

        Assert.True(await WorkerHarness.EventuallyAsync(() => TransportCounters.Read(ref worker.Counters.DatagramsReceived) == count + 1, Bound));
        var counters = worker.Counters;
        Assert.Equal(count + 1, await worker.InvokeAsync(() =>
            counters.DroppedNotStunFromUnknown + counters.DroppedUnknownKind + counters.DroppedUnknownUfrag));
        Assert.Equal(0, TransportCounters.Read(ref counters.DatagramsSent));
    }

    [Fact]
    public void OnDatagram_DropsWhatIsNotAllowedOrUnknown()
    {
        using var worker = new Worker("bridge", WorkerHarness.LoopbackOptions(), _bridgeCertificate);
        var endpoint = worker.CreateEndpoint("endpoint-1", new MediaSink());
        worker.RunPosted();
        var check = IceChecks.Request(endpoint.LocalCredentials.Ufrag, endpoint.LocalCredentials.Password);
        var outside = IceTestNetwork.Address("192.0.2.1:5000");
        var unknown = IceTestNetwork.Address("127.0.0.1:5000");

        worker.OnDatagram(check.ToArray(), outside);
        worker.OnDatagram(SrtpPackets.Rtp(1, 1, 20), unknown);
        worker.OnDatagram(new byte[] { 0x40, 1, 2, 3 }, unknown);
        worker.OnDatagram(IceChecks.Request("nobody", endpoint.LocalCredentials.Password), unknown);
        worker.OnDatagram([], unknown);

        Assert.Equal(1, worker.Counters.DroppedNotAllowed);
        Assert.Equal(1, worker.Counters.DroppedNotStunFromUnknown);
        Assert.Equal(2, worker.Counters.DroppedUnknownKind);
        Assert.Equal(1, worker.Counters.DroppedUnknownUfrag);
        Assert.Equal(0, endpoint.Ice.PairCount);

        // An authentic check from an unknown address reaches the endpoint and pairs the address.
        worker.OnDatagram(check.ToArray(), unknown);
        Assert.Equal(1, endpoint.Ice.PairCount);
        Assert.Equal(1, worker.Counters.Ice.RequestsAnswered);
        // Media before keys is dropped and counted.
        worker.OnDatagram(SrtpPackets.Rtp(1, 1, 20), unknown);
        Assert.Equal(1, worker.Counters.DroppedNoKeys);

        // A removed endpoint's address and ufrag route nowhere.
        worker.RemoveEndpoint(endpoint);
        worker.RunPosted();
        worker.OnDatagram(check.ToArray(), unknown);
        Assert.Equal(2, worker.Counters.DroppedUnknownUfrag);
        Assert.Equal(0, worker.EndpointCount);
        Assert.Equal(TransportState.Failed, endpoint.State);
    }

    [Fact]
    public void Endpoint_NobodyReaches_FailsAfterTheConnectTimeout()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        using var worker = new Worker("bridge", WorkerHarness.LoopbackOptions(), _bridgeCertificate, time);
        var endpoint = worker.CreateEndpoint("endpoint-1", new MediaSink());
        worker.RunPosted();
        Assert.Equal(TransportState.Checking, endpoint.State);

        time.Advance(TimeSpan.FromSeconds(29));
        worker.OnTimer();
        Assert.Equal(TransportState.Checking, endpoint.State);
        time.Advance(TimeSpan.FromSeconds(2));
        worker.OnTimer();

        Assert.Equal(TransportState.Failed, endpoint.State);
        Assert.Equal(1, worker.Counters.IceFailures);
        Assert.Equal(1, worker.Counters.Ice.ConnectTimeouts);
    }

    private static bool Send(EndpointTransport transport, byte[] packet, bool rtcp)
    {
        var buffer = new byte[packet.Length + 64];
        packet.CopyTo(buffer, 0);
        return rtcp ? transport.TrySendRtcp(buffer, packet.Length) : transport.TrySendRtp(buffer, packet.Length);
    }
}
