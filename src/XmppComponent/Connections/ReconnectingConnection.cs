using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jitsi.Net.XmppComponent.Connections;

/// <summary>
/// Keeps one XMPP session up for the life of a process: connects, runs the <see cref="Connected"/> callbacks
/// (join MUCs, publish presence), waits for the session to end, and connects again after an exponential back-off
/// (1 s doubling to <see cref="MaxBackoff"/>, with jitter). A login that the server rejects (wrong secret or
/// password) is retried too, but logged as an error every time. Sends go to the current session. Thread-safe.
/// </summary>
public sealed class ReconnectingConnection : IStanzaSender, IAsyncDisposable
{
    private readonly Func<StanzaRouter, CancellationToken, Task<XmppSession>> _connect;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly List<Func<XmppSession, CancellationToken, Task>> _connected = [];
    private readonly Lock _gate = new();
    private TaskCompletionSource<XmppSession> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile XmppSession? _current;

    public ReconnectingConnection(Func<StanzaRouter, CancellationToken, Task<XmppSession>> connect, StanzaRouter router, ILogger? logger = null, TimeProvider? time = null)
    {
        _connect = connect;
        Router = router;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    public StanzaRouter Router { get; }

    public IQCaller Caller => Router.Caller;

    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The session in use, or null while disconnected.</summary>
    public XmppSession? Current => _current;

    public bool IsConnected => _current is { IsOpen: true };

    public Jid? LocalJid => _current?.LocalJid;

    /// <summary>How many sessions have been established so far.</summary>
    public int ConnectCount { get; private set; }

    /// <summary>The error of the last failed attempt, for health reports.</summary>
    public string? LastError { get; private set; }

    /// <summary>Adds work to run on every new session before it counts as connected (e.g. re-joining MUCs).</summary>
    public void OnConnected(Func<XmppSession, CancellationToken, Task> callback)
    {
        lock (_gate)
        {
            _connected.Add(callback);
        }
    }

    /// <summary>Waits until a session is up (and its callbacks have run).</summary>
    public Task<XmppSession> WaitConnectedAsync(CancellationToken cancellationToken = default) =>
        _ready.Task.WaitAsync(cancellationToken);

    public Task SendAsync(Stanza stanza, CancellationToken cancellationToken = default) =>
        (_current ?? throw new IOException("not connected to the XMPP server")).SendAsync(stanza, cancellationToken);

    public Task<Iq> RequestAsync(Iq request, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Caller.RequestAsync(this, request, timeout, cancellationToken);

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then closes the session.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = InitialBackoff;
        while (!cancellationToken.IsCancellationRequested)
        {
            XmppSession? session = null;
            try
            {
                session = await _connect(Router, cancellationToken).ConfigureAwait(false);
                session.Start();
                _current = session;
                List<Func<XmppSession, CancellationToken, Task>> callbacks;
                lock (_gate)
                {
                    callbacks = [.. _connected];
                }
                foreach (var callback in callbacks)
                {
                    await callback(session, cancellationToken).ConfigureAwait(false);
                }
                ConnectCount++;
                LastError = null;
                backoff = InitialBackoff;
                _ready.TrySetResult(session);
                await session.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                LastError = e.Message;
                var level = e is XmppAuthenticationException ? LogLevel.Error : LogLevel.Warning;
                _logger.Log(level, "XMPP connection failed or lost: {Reason}; retrying in {Delay:0.#} s", e.Message, backoff.TotalSeconds);
            }
            finally
            {
                _current = null;
                lock (_gate)
                {
                    if (_ready.Task.IsCompleted)
                    {
                        _ready = new TaskCompletionSource<XmppSession>(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }
                if (session is not null)
                {
                    await session.DisposeAsync().ConfigureAwait(false);
                }
            }
            try
            {
                var jitter = TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Max(1, backoff.TotalMilliseconds / 4)));
                await Task.Delay(backoff + jitter, _time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_current is { } session)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }
}
