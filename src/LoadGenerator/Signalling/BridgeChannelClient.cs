using System.Net.WebSockets;
using System.Text;

namespace Jitsi.Net.LoadGenerator.Signalling;

/// <summary>
/// One endpoint's colibri-ws bridge channel. The bridge forwards no video to an endpoint before its first
/// <c>ReceiverVideoConstraints</c> (as JVB, PROTOCOL.md §4.2), so the generator opens the channel, asks for video
/// with the run's last-N (-1: every sender) and a default max height of 180 — with simulcast the bridge then forwards
/// each sender's first (lowest) encoding, the layer the Janus adapter subscribes to (substream 0) and the one the
/// report's expected rate counts; a single encoding is forwarded whatever its height — and then only drains what the
/// bridge sends so its socket never backs up. Owned by the run.
/// </summary>
internal sealed class BridgeChannelClient : IAsyncDisposable
{

    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _stop = new();
    private Task _drain = Task.CompletedTask;

    public static async Task<BridgeChannelClient> OpenAsync(Uri url, int lastN, CancellationToken cancellationToken)
    {
        var client = new BridgeChannelClient();
        try
        {
            await client._socket.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            await client._socket.SendAsync(Encoding.UTF8.GetBytes(
                $$$"""{"colibriClass":"ReceiverVideoConstraints","lastN":{{{lastN}}},"defaultConstraints":{"maxHeight":180}}"""), WebSocketMessageType.Text, endOfMessage: true, cancellationToken)
                .ConfigureAwait(false);
            client._drain = client.DrainAsync();
            return client;
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _drain.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task DrainAsync()
    {
        var buffer = new byte[4096];
        while (_socket.State == WebSocketState.Open && !_stop.IsCancellationRequested)
        {
            var result = await _socket.ReceiveAsync(buffer, _stop.Token).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }
}
