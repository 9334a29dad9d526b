using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Stack.Front;

/// <summary>
/// TURN over TLS on the front's own port 443, for clients whose firewall lets only HTTPS out: before Kestrel's TLS,
/// the first record of each connection is peeked (<see cref="TlsClientHello"/>); a ClientHello that offers no HTTP
/// protocol by ALPN is a TURN client, and its bytes are passed, still encrypted, to coturn's TLS listener, which
/// terminates TLS itself. Everything else continues to HTTPS. Runs on each connection's task.
/// </summary>
internal static class TurnTlsPassthrough
{
    /// <summary>A connection that sends no complete first record within this time is dropped.</summary>
    private static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    public static void Use(ListenOptions listen, IPEndPoint coturnTls, ILogger log) =>
        listen.Use(next => async connection =>
        {
            TlsClientHello.Outcome outcome = await PeekAsync(connection.Transport.Input).ConfigureAwait(false);
            if (outcome == TlsClientHello.Outcome.Other)
            {
                await RelayAsync(connection, coturnTls, log).ConfigureAwait(false);
                return;
            }
            if (outcome != TlsClientHello.Outcome.Incomplete)
            {
                await next(connection).ConfigureAwait(false);
            }
        });

    /// <summary>Reads until the first record is complete, leaving every byte unconsumed for whoever comes next.</summary>
    private static async Task<TlsClientHello.Outcome> PeekAsync(PipeReader input)
    {
        using var timeout = new CancellationTokenSource(HelloTimeout);
        while (true)
        {
            ReadResult read;
            try
            {
                read = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return TlsClientHello.Outcome.Incomplete;
            }
            TlsClientHello.Outcome outcome = TlsClientHello.Classify(read.Buffer);
            if (outcome != TlsClientHello.Outcome.Incomplete)
            {
                input.AdvanceTo(read.Buffer.Start);
                return outcome;
            }
            input.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            if (read.IsCompleted || read.Buffer.Length >= TlsClientHello.MaxRecordBytes)
            {
                return TlsClientHello.Outcome.Incomplete;
            }
        }
    }

    private static async Task RelayAsync(ConnectionContext connection, IPEndPoint coturnTls, ILogger log)
    {
        using var coturn = new Socket(coturnTls.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await coturn.ConnectAsync(coturnTls, connection.ConnectionClosed).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            log.LogWarning("TURN over TLS: coturn at {Endpoint} is unreachable: {Reason}", coturnTls, e.Message);
            return;
        }
        await using var stream = new NetworkStream(coturn, ownsSocket: false);
        Task up = connection.Transport.Input.CopyToAsync(stream, connection.ConnectionClosed);
        Task down = stream.CopyToAsync(connection.Transport.Output, connection.ConnectionClosed);
        await Task.WhenAny(up, down).ConfigureAwait(false);
        // Either side ended: end both.
        coturn.Shutdown(SocketShutdown.Both);
        connection.Abort();
        try
        {
            await Task.WhenAll(up, down).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ConnectionAbortedException)
        {
            // The other direction was cut off by the close; nothing more to relay.
        }
    }
}
