using System.Net;
using System.Net.Sockets;

namespace Jitsi.Net.Stack;

/// <summary>Finds loopback TCP ports that are free right now. Stateless.</summary>
public static class FreePorts
{
    /// <summary>
    /// Returns <paramref name="count"/> distinct ports the kernel handed out for port 0 on loopback.
    /// All sockets stay bound until every port is chosen so the same port is not returned twice;
    /// another process may still take one before the caller binds it.
    /// </summary>
    public static IReadOnlyList<int> Allocate(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var sockets = new List<Socket>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                sockets.Add(socket);
                socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            }

            return sockets.Select(s => ((IPEndPoint)s.LocalEndPoint!).Port).ToArray();
        }
        finally
        {
            foreach (Socket socket in sockets)
            {
                socket.Dispose();
            }
        }
    }

    /// <summary>Whether nothing listens on <paramref name="port"/> at <paramref name="address"/>.</summary>
    public static bool IsFree(IPAddress address, int port)
    {
        using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);

        // Reuse lets the bind succeed over TIME_WAIT leftovers of a previous run (a restart on the
        // same ports) while Linux still refuses it when a socket is listening.
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(1);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>True once something accepts TCP connections on the port (a readiness probe).</summary>
    public static async Task<bool> AcceptsAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        using var client = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await client.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
