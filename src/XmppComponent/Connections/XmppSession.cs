using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jitsi.Net.XmppComponent.Connections;

/// <summary>
/// An authenticated XML stream: a client bound to a resource or a component that completed its handshake.
/// <see cref="Start"/> runs the read loop, which hands each stanza to the <see cref="StanzaRouter"/> without
/// waiting for handlers, so a handler may itself await IQ replies. It also pings the server (XEP-0199) every
/// <c>pingInterval</c> and closes the session when a ping goes unanswered, so a dead TCP connection is noticed.
/// <see cref="Completion"/> ends when the stream ends; pending IQ requests then fail. Thread-safe for sending.
/// </summary>
public sealed class XmppSession : IStanzaSender, IAsyncDisposable
{
    private readonly XmppStream _stream;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _pingInterval;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _readLoop;
    private ITimer? _pingTimer;
    private readonly bool _isComponent;

    internal XmppSession(XmppStream stream, Jid localJid, Jid serverJid, StanzaRouter router, TimeSpan pingInterval, TimeProvider? time, ILogger? logger, bool isComponent = false)
    {
        _isComponent = isComponent;
        _stream = stream;
        LocalJid = localJid;
        ServerJid = serverJid;
        Router = router;
        _pingInterval = pingInterval;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Our address: the bound full JID of a client, or the component's domain.</summary>
    public Jid LocalJid { get; }

    /// <summary>The server's domain, where keep-alive pings go.</summary>
    public Jid ServerJid { get; }

    public StanzaRouter Router { get; }

    public IQCaller Caller => Router.Caller;

    /// <summary>Completes when the stream has ended; faults with the reason if it ended with an error.</summary>
    public Task Completion => _completion.Task;

    public bool IsOpen => !_completion.Task.IsCompleted;

    /// <summary>Raised on the read loop for every stanza before it is routed (diagnostics and tests).</summary>
    public event Action<Stanza>? Received;

    /// <summary>Starts reading and dispatching stanzas.</summary>
    public void Start()
    {
        _readLoop ??= Task.Run(ReadLoopAsync);
        if (_pingInterval > TimeSpan.Zero)
        {
            _pingTimer = _time.CreateTimer(_ => _ = PingAsync(), null, _pingInterval, _pingInterval);
        }
    }

    public Task SendAsync(Stanza stanza, CancellationToken cancellationToken = default)
    {
        // XEP-0114 §3: a component addresses its stanzas itself; without 'from' we send as the component's domain.
        if (_isComponent && stanza.Element.Attribute("from") is null)
        {
            stanza.From = LocalJid;
        }
        return _stream.SendAsync(stanza.Element, cancellationToken);
    }

    /// <summary>Sends an IQ request on this session and waits for its reply (see <see cref="IQCaller"/>).</summary>
    public Task<Iq> RequestAsync(Iq request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Caller.RequestAsync(this, request, timeout, cancellationToken);

    /// <summary>Closes the stream politely (RFC 6120 §4.4) and waits, bounded, for the read loop to end.</summary>
    public async Task CloseAsync()
    {
        await _stream.CloseAsync().ConfigureAwait(false);
        if (_readLoop is not null)
        {
            await Task.WhenAny(_readLoop, Task.Delay(TimeSpan.FromSeconds(2), _time)).ConfigureAwait(false);
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        Finish(null);
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        if (_pingTimer is not null)
        {
            await _pingTimer.DisposeAsync().ConfigureAwait(false);
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        Exception? failure = null;
        try
        {
            while (await _stream.ReadElementAsync(_stop.Token).ConfigureAwait(false) is { } element)
            {
                if (!await AcceptAsync(element).ConfigureAwait(false))
                {
                    break;
                }
            }
            _logger.LogInformation("{Jid}: the server closed the stream", LocalJid);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is XmppStreamException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            _logger.LogWarning("{Jid}: stream ended: {Reason}", LocalJid, e.Message);
            failure = e;
        }
        await _stream.CloseAsync().ConfigureAwait(false);
        Finish(failure);
    }

    /// <summary>Routes one top-level element; false when it ended the stream (RFC 6120 §4.9.3.12, §4.9.3.10).</summary>
    private async Task<bool> AcceptAsync(XElement element)
    {
        var stanza = Stanza.Wrap(element);
        if (stanza is not null)
        {
            Received?.Invoke(stanza);
            _ = Router.DispatchAsync(stanza, this, _stop.Token);
            return true;
        }
        var condition = element.Name.Namespace == Namespaces.Client ? "unsupported-stanza-type" : "invalid-namespace";
        await _stream.SendErrorAsync(condition, $"<{element.Name.LocalName}> is not a stanza").ConfigureAwait(false);
        throw new XmppStreamException(condition, element.Name.ToString(), remote: false);
    }

    private async Task PingAsync()
    {
        if (!IsOpen)
        {
            return;
        }
        try
        {
            await RequestAsync(new Iq(IqType.Get, ServerJid, new XElement(Namespaces.Ping + "ping")), _pingInterval, _stop.Token).ConfigureAwait(false);
        }
        catch (StanzaErrorException)
        {
            // Any answer proves the connection is alive.
        }
        catch (IQTimeoutException e)
        {
            _logger.LogWarning("{Jid}: keep-alive ping unanswered, closing: {Reason}", LocalJid, e.Message);
            await CloseAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    private void Finish(Exception? failure)
    {
        if (_completion.Task.IsCompleted)
        {
            return;
        }
        Caller.FailAll(new IOException($"the XMPP connection of {LocalJid} was closed", failure));
        if (failure is null)
        {
            _completion.TrySetResult();
        }
        else
        {
            _completion.TrySetException(failure);
        }
    }
}
