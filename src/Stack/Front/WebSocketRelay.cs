using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Stack.Front;

/// <summary>
/// Relays one browser WebSocket to an upstream WebSocket message by message (RFC 6455 §5: type and message
/// boundaries kept, so RFC 7395's one-stanza-per-message framing and colibri-ws's JSON messages pass unchanged).
/// The upstream is connected first with the subprotocols the browser asked for, and the browser is accepted with
/// the one the upstream chose; a refused upstream answers 502. Each relay runs on the request's task.
/// </summary>
internal static class WebSocketRelay
{
    private const int BufferBytes = 16 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public static async Task RelayAsync(HttpContext context, Uri upstream, ILogger log)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        CancellationToken aborted = context.RequestAborted;
        using var client = new ClientWebSocket();
        foreach (string protocol in context.WebSockets.WebSocketRequestedProtocols)
        {
            client.Options.AddSubProtocol(protocol);
        }
        client.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        try
        {
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            connect.CancelAfter(ConnectTimeout);
            await client.ConnectAsync(upstream, connect.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException)
        {
            log.LogWarning("WebSocket upstream {Upstream} refused or unreachable: {Reason}", upstream.GetLeftPart(UriPartial.Path), e.Message);
            context.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }

        using WebSocket browser = await context.WebSockets.AcceptWebSocketAsync(client.SubProtocol).ConfigureAwait(false);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        Task up = PumpAsync(browser, client, done.Token);
        Task down = PumpAsync(client, browser, done.Token);
        await Task.WhenAny(up, down).ConfigureAwait(false);
        // One side closed or failed: give the other a moment to finish its close handshake, then drop both.
        done.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // Either peer went away without a close frame; nothing more to relay.
        }
    }

    /// <summary>Copies messages from <paramref name="from"/> to <paramref name="to"/> until a close frame, which is passed on.</summary>
    private static async Task PumpAsync(WebSocket from, WebSocket to, CancellationToken cancellationToken)
    {
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        try
        {
            while (true)
            {
                ValueWebSocketReceiveResult received;
                try
                {
                    received = await from.ReceiveAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false);
                }
                catch (WebSocketException)
                {
                    // The sender vanished without a close frame: tell the other side, as an endpoint going away.
                    await CloseQuietlyAsync(to, WebSocketCloseStatus.EndpointUnavailable, "peer gone", cancellationToken).ConfigureAwait(false);
                    return;
                }

                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await CloseQuietlyAsync(to, from.CloseStatus ?? WebSocketCloseStatus.NormalClosure, from.CloseStatusDescription, cancellationToken).ConfigureAwait(false);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string? description, CancellationToken cancellationToken)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }
        try
        {
            await socket.CloseOutputAsync(status, description, cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException)
        {
        }
    }
}
