using System.Net;
using System.Net.Sockets;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Tests;

/// <summary>A controlled ICE agent on a real loopback socket, driven by the test thread, facing a Worker that the
/// test also drives on its own thread (not started): the peer's datagrams enter through <c>Worker.OnDatagram</c>,
/// the Worker's come back over UDP.</summary>
internal sealed class SocketPeer : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Queue<byte[]> _outgoing = new();
    private readonly byte[] _buffer = new byte[2048];

    public SocketPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Address = TransportAddress.FromEndPoint((IPEndPoint)_socket.LocalEndPoint!);
        var candidate = new IceCandidate("1", IceCandidate.ComputePriority(IceCandidateType.Host, 65535), (IPEndPoint)_socket.LocalEndPoint!, IceCandidateType.Host);
        Agent = new IceAgent(IceCredentials.Generate(), [candidate], IceRole.Controlled, new IceAgentOptions(), AllowedNetworks.Loopback,
            (ReadOnlySpan<byte> data, in TransportAddress _) =>
            {
                _outgoing.Enqueue(data.ToArray());
                return true;
            }, new IceCounters(), TimeProvider.System);
        Agent.Start();
    }

    public TransportAddress Address { get; }

    public IceAgent Agent { get; }

    /// <summary>Non-STUN datagrams the Worker sent here.</summary>
    public List<byte[]> Received { get; } = [];

    /// <summary>Both sides learn each other's credentials; the peer also gets the endpoint's candidates.</summary>
    public void Signal(Worker worker, EndpointTransport endpoint)
    {
        Agent.SetRemoteCredentials(endpoint.LocalCredentials.Ufrag, endpoint.LocalCredentials.Password);
        foreach (var candidate in endpoint.LocalCandidates)
        {
            Agent.AddRemoteCandidate(candidate);
        }
        endpoint.Ice.SetRemoteCredentials(Agent.Local.Ufrag, Agent.Local.Password);
        worker.RunPosted();
    }

    /// <summary>Runs timers and moves datagrams both ways until <paramref name="condition"/> holds (bounded).</summary>
    public bool PumpUntil(Worker worker, Func<bool> condition, TimeSpan bound)
    {
        var deadline = DateTime.UtcNow + bound;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }
            worker.RunPosted();
            worker.OnTimer();
            Agent.OnTimer();
            Pump(worker);
        }
        return true;
    }

    private void Pump(Worker worker)
    {
        while (_outgoing.TryDequeue(out var datagram))
        {
            worker.OnDatagram(datagram, Address);
        }
        while (_socket.Poll(1000, SelectMode.SelectRead))
        {
            var length = _socket.Receive(_buffer);
            var datagram = _buffer.AsSpan(0, length);
            if (StunMessage.IsStun(datagram))
            {
                Agent.OnStun(datagram, TransportAddress.FromEndPoint(worker.Port.LocalEndPoint));
            }
            else
            {
                Received.Add(datagram.ToArray());
            }
        }
    }

    public void Dispose()
    {
        Agent.Dispose();
        _socket.Dispose();
    }
}
