using System.Net;
using System.Net.Sockets;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Tests.Transport;

/// <summary>The port's batched calls on 64-bit Linux, over real loopback sockets: <c>recvmmsg</c> takes what is waiting
/// (each datagram with its own bytes and source), a send batch holds sends until the flush and then delivers every
/// one in order with its bytes — more than one batch's worth too — and the steady state allocates nothing.</summary>
public sealed class UdpPortBatchTests : IDisposable
{
    private readonly TransportCounters _counters = new();
    private readonly UdpPort _port;
    private readonly Socket _peerA = Peer();
    private readonly Socket _peerB = Peer();

    public UdpPortBatchTests()
    {
        _port = new UdpPort(new UdpPortOptions
        {
            BindAddress = "127.0.0.1",
            Port = 0,
            AllowedRemoteNetworks = ["127.0.0.0/8"],
            SocketBufferBytes = 1024 * 1024,
        }, _counters);
    }

    public void Dispose()
    {
        _port.Dispose();
        _peerA.Dispose();
        _peerB.Dispose();
    }

    [Fact]
    public void ReceiveBatch_TakesTheWaitingDatagrams_WithTheirSources()
    {
        if (!MessageBatch.IsSupported)
        {
            return; // Batched socket calls exist on 64-bit Linux only; elsewhere the port sends one at a time.
        }
        for (var i = 0; i < 40; i++)
        {
            (i % 2 == 0 ? _peerA : _peerB).SendTo(Datagram(i, 100 + i), _port.LocalEndPoint);
        }
        var received = new List<(byte[] Bytes, TransportAddress Source)>();
        // Two full batches at most, each after the datagrams are surely queued (loopback delivers synchronously).
        for (var round = 0; round < 3 && received.Count < 40; round++)
        {
            var count = _port.ReceiveBatch();
            Assert.True(count <= MessageBatch.Capacity);
            for (var i = 0; i < count; i++)
            {
                var datagram = _port.Received(i, out var source);
                received.Add((datagram.ToArray(), source));
            }
        }

        Assert.Equal(40, received.Count);
        for (var i = 0; i < 40; i++)
        {
            Assert.Equal(Datagram(i, 100 + i), received[i].Bytes);
            Assert.Equal(Address(i % 2 == 0 ? _peerA : _peerB), received[i].Source);
        }
        Assert.Equal(0, _port.ReceiveBatch());
        Assert.Equal(40, _counters.DatagramsReceived);
        Assert.Equal(2, _counters.ReceiveBatches);
    }

    [Fact]
    public void ReceiveBatch_WithAWait_ReturnsNothingWhenNothingCame_AndWhatCameOtherwise()
    {
        if (!MessageBatch.IsSupported)
        {
            return; // As above.
        }
        Assert.Equal(0, _port.ReceiveBatch(TimeSpan.FromMilliseconds(5)));
        _peerA.SendTo(Datagram(7, 300), _port.LocalEndPoint);
        _peerA.SendTo(Datagram(8, 300), _port.LocalEndPoint);
        Assert.Equal(2, _port.ReceiveBatch(TimeSpan.FromSeconds(2)));
        Assert.Equal(Datagram(8, 300), _port.Received(1, out var source).ToArray());
        Assert.Equal(Address(_peerA), source);
    }

    [Fact]
    public void SendBatch_HoldsSendsUntilTheFlush_ThenDeliversEveryOneInOrder()
    {
        if (!MessageBatch.IsSupported)
        {
            return; // Batched socket calls exist on 64-bit Linux only; elsewhere the port sends one at a time.
        }
        _port.BeginSendBatch();
        const int count = MessageBatch.Capacity + 8;
        for (var i = 0; i < count; i++)
        {
            Assert.True(_port.TrySend(Datagram(i, 1200), Address(i % 2 == 0 ? _peerA : _peerB)));
        }
        // The first full batch left when it filled; the rest waits for the flush.
        Assert.Equal(MessageBatch.Capacity, _counters.DatagramsSent);
        var atA = Drain(_peerA);
        Assert.Equal(MessageBatch.Capacity / 2, atA.Count);
        _port.FlushSends();
        atA.AddRange(Drain(_peerA));
        Assert.Equal(count / 2, atA.Count);
        for (var i = 0; i < atA.Count; i++)
        {
            Assert.Equal(Datagram(2 * i, 1200), atA[i]);
        }
        Assert.Equal(count, _counters.DatagramsSent);
        Assert.Equal(count * 1200L, _counters.BytesSent);
        Assert.Equal(2, _counters.SendBatches);
        Assert.Equal(0, _counters.SendErrors);
        var atB = Drain(_peerB);
        Assert.Equal(count / 2, atB.Count);
        for (var i = 0; i < atB.Count; i++)
        {
            Assert.Equal(Datagram((2 * i) + 1, 1200), atB[i]);
        }

        // After the flush, sends go at once again.
        Assert.True(_port.TrySend(Datagram(99, 50), Address(_peerA)));
        Assert.Equal(Datagram(99, 50), Drain(_peerA).Single());
    }

    [Fact]
    public void BatchedReceiveAndSend_AllocateNothing()
    {
        if (!MessageBatch.IsSupported)
        {
            return; // Batched socket calls exist on 64-bit Linux only; elsewhere the port sends one at a time.
        }
        var toPeer = Address(_peerA);
        var payload = Datagram(1, 200);
        var sink = new byte[2048];
        var toPort = _port.LocalEndPoint.Serialize();
        for (var i = 0; i < 200; i++)
        {
            // First-use costs (the cached send address, the sockets' first calls) and tiered compilation, which
            // recompiles these methods after their first 30 calls.
            RoundTrip();
        }
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            RoundTrip();
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        void RoundTrip()
        {
            _peerB.SendTo(payload, SocketFlags.None, toPort);
            var count = _port.ReceiveBatch();
            _port.BeginSendBatch();
            for (var i = 0; i < count; i++)
            {
                var datagram = _port.Received(i, out _);
                _port.TrySend(datagram, toPeer);
            }
            _port.FlushSends();
            _peerA.Receive(sink);
        }
    }

    private static Socket Peer()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.ReceiveBufferSize = 1024 * 1024;
        socket.ReceiveTimeout = 2000;
        return socket;
    }

    private static TransportAddress Address(Socket socket) => TransportAddress.FromEndPoint((IPEndPoint)socket.LocalEndPoint!);

    private static byte[] Datagram(int index, int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(index + i);
        }
        return bytes;
    }

    private static List<byte[]> Drain(Socket socket)
    {
        var datagrams = new List<byte[]>();
        var buffer = new byte[2048];
        // Bounded: what loopback already delivered, at most a few batches.
        for (var i = 0; i < 4 * MessageBatch.Capacity && socket.Available > 0; i++)
        {
            var length = socket.Receive(buffer);
            datagrams.Add(buffer[..length]);
        }
        return datagrams;
    }
}
