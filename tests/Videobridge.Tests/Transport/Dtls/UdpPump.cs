using System.Net;
using System.Net.Sockets;
using Jitsi.Net.Videobridge.Transport.Dtls;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>Test-only stand-in for the Worker: one UDP socket on 127.0.0.1 whose datagrams go to a
/// <see cref="DtlsTransport"/>, and whose <see cref="Send"/> goes to the peer (given, or the last sender).</summary>
internal sealed class UdpPump : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile IPEndPoint? _peer;

    public UdpPump(Func<DtlsTransport> transport, IPEndPoint? peer = null)
    {
        _peer = peer;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(() => ReceiveLoopAsync(transport));
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public void Send(ReadOnlyMemory<byte> datagram)
    {
        if (_peer is { } peer)
        {
            _socket.SendTo(datagram.Span, SocketFlags.None, peer);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _ = _loop.Wait(TimeSpan.FromSeconds(2));
    }

    private async Task ReceiveLoopAsync(Func<DtlsTransport> transport)
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                _peer = (IPEndPoint)result.RemoteEndPoint;
                transport().OnDatagram(buffer.AsSpan(0, result.ReceivedBytes));
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
