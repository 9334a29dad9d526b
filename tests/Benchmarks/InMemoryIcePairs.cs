using System.Net;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jitsi.Net.Benchmarks;

/// <summary>Pairs of agents — the bridge's receiver transport (controlling) and a peer (controlled) — whose
/// datagrams are handed to each other through a queue until every pair is connected; after that the bridge
/// side's sends are discarded, which is what the benchmark measures up to.</summary>
internal sealed class InMemoryIcePairs(DtlsCertificate certificate)
{
    private readonly Queue<(EndpointTransport To, byte[] Datagram, TransportAddress From)> _inFlight = new();
    private readonly List<(EndpointTransport Bridge, EndpointTransport Peer)> _pairs = [];
    private bool _connected;

    public EndpointTransport Add(int index)
    {
        var bridgeAddress = new IPEndPoint(IPAddress.Parse("127.0.0.1"), 10_000);
        var peerAddress = new IPEndPoint(IPAddress.Parse("127.0.0.2"), 20_000 + index);
        EndpointTransport? bridge = null;
        EndpointTransport? peer = null;
        bridge = Create($"receiver{index}", new EndpointTransportOptions(), bridgeAddress,
            (ReadOnlySpan<byte> d, in TransportAddress _) => _connected || Enqueue(peer!, d, bridgeAddress));
        peer = Create($"peer{index}", new EndpointTransportOptions { IceRole = IceRole.Controlled, LocalSetup = DtlsSetup.Active }, peerAddress,
            (ReadOnlySpan<byte> d, in TransportAddress _) => Enqueue(bridge, d, peerAddress));
        bridge.Ice.SetRemoteCredentials(peer.LocalCredentials.Ufrag, peer.LocalCredentials.Password);
        bridge.AddRemoteCandidate(peer.LocalCandidates[0]);
        peer.Ice.SetRemoteCredentials(bridge.LocalCredentials.Ufrag, bridge.LocalCredentials.Password);
        peer.AddRemoteCandidate(bridge.LocalCandidates[0]);
        bridge.Start();
        peer.Start();
        _pairs.Add((bridge, peer));
        return bridge;
    }

    public void ConnectAll(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!_pairs.TrueForAll(p => p.Bridge.Ice.State == IceState.Connected && p.Peer.Ice.State == IceState.Connected))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("ICE did not connect in memory");
            }
            foreach (var (bridge, peer) in _pairs)
            {
                bridge.OnTimer();
                peer.OnTimer();
            }
            while (_inFlight.TryDequeue(out var datagram))
            {
                datagram.To.OnDatagram(datagram.Datagram, datagram.From, PacketKind.Stun);
            }
            Thread.Sleep(5);
        }
        _connected = true;
        foreach (var (_, peer) in _pairs)
        {
            peer.Dispose();
        }
    }

    private EndpointTransport Create(string id, EndpointTransportOptions options, IPEndPoint address, DatagramSend send) =>
        new(id, options, [new IceCandidate("1", IceCandidate.ComputePriority(IceCandidateType.Host, 65535), address, IceCandidateType.Host)],
            AllowedNetworks.Loopback, certificate, send, work => work(), new RouteFanOut.NullReceiver(), new TransportCounters(), TimeProvider.System,
            NullLogger.Instance);

    private bool Enqueue(EndpointTransport to, ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        _inFlight.Enqueue((to, datagram.ToArray(), TransportAddress.FromEndPoint(from)));
        return true;
    }
}
