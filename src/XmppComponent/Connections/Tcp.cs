using System.Net;
using System.Net.Sockets;

namespace Jitsi.Net.XmppComponent.Connections;

/// <summary>Opens the TCP connection to a configured host and port (no DNS SRV: the XMPP domain is never looked up).</summary>
internal static class Tcp
{
    public static async Task<NetworkStream> ConnectAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (IPAddress.TryParse(host, out var address))
            {
                await socket.ConnectAsync(address, port, limit.Token).ConfigureAwait(false);
            }
            else
            {
                await socket.ConnectAsync(host, port, limit.Token).ConfigureAwait(false);
            }
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new IOException($"could not connect to {host}:{port} within {timeout.TotalSeconds:0.#} s");
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new IOException($"could not connect to {host}:{port}: {e.SocketErrorCode}", e);
        }
    }
}
