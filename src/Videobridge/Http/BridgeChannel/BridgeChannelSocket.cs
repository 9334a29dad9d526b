using System.Buffers;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Videobridge.Http.BridgeChannel;

/// <summary>
/// One endpoint's colibri-ws connection: a receive loop that hands each complete text message to a callback, and a
/// bounded send queue drained by one writer (WebSocket allows one send at a time). A full queue drops the message
/// and counts it rather than blocking the sender. Thread-safe to send from any thread.
/// </summary>
internal sealed class BridgeChannelSocket
{
    private const int QueueCapacity = 256;
    private readonly WebSocket _socket;
    private readonly ILogger _logger;
    private readonly Channel<byte[]> _outgoing = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _closed = new();

    public BridgeChannelSocket(WebSocket socket, ILogger logger)
    {
        _socket = socket;
        _logger = logger;
    }

    public long MessagesDropped;

    /// <summary>Queues one JSON message; false (and counted) if the queue is full or the socket closed.</summary>
    public bool Send(byte[] json)
    {
        if (_closed.IsCancellationRequested || !_outgoing.Writer.TryWrite(json))
        {
            Interlocked.Increment(ref MessagesDropped);
            return false;
        }
        return true;
    }

    /// <summary>Takes the oldest queued message, as the writer would (tests of what was sent).</summary>
    internal bool TryTakeQueued([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out byte[]? json) => _outgoing.Reader.TryRead(out json);

    /// <summary>Runs the connection until either side closes it; <paramref name="onMessage"/> gets each message.</summary>
    public async Task RunAsync(Action<ReadOnlyMemory<byte>> onMessage, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        var writer = WriteLoopAsync(linked.Token);
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                buffer.Clear();
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.GetMemory(4096), linked.Token).ConfigureAwait(false);
                    buffer.Advance(result.Count);
                    if (buffer.WrittenCount > BridgeChannelParser.MaxMessageBytes + 4096)
                    {
                        await _socket.CloseAsync(WebSocketCloseStatus.MessageTooBig, "message too big", CancellationToken.None).ConfigureAwait(false);
                        return;
                    }
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).ConfigureAwait(false);
                    return;
                }
                onMessage(buffer.WrittenMemory);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            _logger.LogDebug("Bridge channel ended: {Reason}", e.Message);
        }
        finally
        {
            await _closed.CancelAsync().ConfigureAwait(false);
            _outgoing.Writer.TryComplete();
            await writer.ConfigureAwait(false);
        }
    }

    /// <summary>Closes the connection (e.g. the endpoint expired).</summary>
    public void Close(string reason)
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }
        _logger.LogDebug("Closing bridge channel: {Reason}", reason);
        _ = CloseAsync();
    }

    private async Task CloseAsync()
    {
        try
        {
            await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "closed", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
        await _closed.CancelAsync().ConfigureAwait(false);
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await _socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }
}
