using System.Net;
using System.Net.Sockets;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>Test-only stand-in for the Worker's socket: one UDP socket on 127.0.0.1; each datagram received goes to
/// a handler with its source, and <see cref="Send"/> goes to the peer (given, or the last sender).</summary>
internal sealed class UdpPump : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile IPEndPoint? _peer;

    public UdpPump(Action<ReadOnlyMemory<byte>, IPEndPoint> onDatagram, IPEndPoint? peer = null)
    {
        _peer = peer;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(() => ReceiveLoopAsync(onDatagram));
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public void Send(ReadOnlyMemory<byte> datagram)
    {
        if (_peer is { } peer)
        {
            SendTo(datagram.Span, peer);
        }
    }

    public void SendTo(ReadOnlySpan<byte> datagram, IPEndPoint destination) => _socket.SendTo(datagram, SocketFlags.None, destination);

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _ = _loop.Wait(TimeSpan.FromSeconds(2));
    }

    private async Task ReceiveLoopAsync(Action<ReadOnlyMemory<byte>, IPEndPoint> onDatagram)
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                var source = (IPEndPoint)result.RemoteEndPoint;
                _peer = source;
                onDatagram(buffer.AsMemory(0, result.ReceivedBytes), source);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error for an earlier send; keep reading.
            }
        }
    }
}
