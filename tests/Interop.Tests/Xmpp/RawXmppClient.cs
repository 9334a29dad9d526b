using System.Net.Sockets;
using System.Text;

namespace Jitsi.Net.Interop.Tests.Xmpp;

/// <summary>A bare TCP client that writes arbitrary bytes to the server and reads what comes back, for
/// malformed-input tests. Every read is bounded in time.</summary>
internal sealed class RawXmppClient : IAsyncDisposable
{
    private readonly TcpClient _tcp = new();
    private readonly StringBuilder _received = new();
    private NetworkStream? _stream;

    public async Task ConnectAsync(string host, int port)
    {
        await _tcp.ConnectAsync(host, port);
        _stream = _tcp.GetStream();
    }

    public async Task SendAsync(string text)
    {
        try
        {
            await _stream!.WriteAsync(Encoding.UTF8.GetBytes(text));
        }
        catch (IOException)
        {
            // The server may close the connection while a large write is still in flight.
        }
    }

    /// <summary>Reads until the server closes the connection or <paramref name="marker"/> arrives; returns the text.</summary>
    public async Task<(string Text, bool Closed)> ReadAsync(string? marker = null, int timeoutMs = 10000)
    {
        using var cts = new CancellationTokenSource(timeoutMs);
        var buffer = new byte[65536];
        try
        {
            while (marker is null || !_received.ToString().Contains(marker, StringComparison.Ordinal))
            {
                var n = await _stream!.ReadAsync(buffer, cts.Token);
                if (n == 0)
                {
                    return (_received.ToString(), true);
                }
                _received.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        catch (IOException)
        {
            return (_received.ToString(), true);
        }
        catch (OperationCanceledException)
        {
            return (_received.ToString(), false);
        }
        return (_received.ToString(), false);
    }

    public ValueTask DisposeAsync()
    {
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }
}
