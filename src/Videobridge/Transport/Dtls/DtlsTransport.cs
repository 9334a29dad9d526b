using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcDtlsTransport = Org.BouncyCastle.Tls.DtlsTransport;

namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>One endpoint's DTLS 1.2 association with use_srtp (RFC 6347, RFC 5764), over datagrams the Worker
/// hands in. The Worker thread calls <see cref="OnDatagram"/> (copy, enqueue, never blocks); one handshake thread
/// per transport runs BouncyCastle, calls <c>send</c> and raises the events, and after the handshake keeps reading
/// so that retransmitted flights are answered (RFC 6347 §4.2.4) and close_notify is seen. Signalling threads call
/// <see cref="SetRemoteFingerprint"/> and <see cref="Close"/>. Keys leave only through <see cref="Connected"/>,
/// after the peer certificate matched the signalled fingerprint (RFC 5763 §5).</summary>
internal sealed class DtlsTransport : IDisposable
{
    /// <summary>How long <see cref="Dispose"/> waits for the handshake thread; every wait inside it is shorter.</summary>
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(5);

    /// <summary>One thread lives as long as the endpoint; BouncyCastle's handshake is shallow, so a small stack
    /// keeps hundreds of endpoints cheap in reserved memory.</summary>
    private const int ThreadStackSize = 256 * 1024;

    /// <summary>The post-handshake loop's idle wait; wakes come earlier (datagram, fingerprint, close, timer).</summary>
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);

    private readonly DtlsCertificate _certificate;
    private readonly DtlsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DtlsDatagramQueue _queue;
    private readonly DtlsRemoteFingerprint _fingerprint = new();
    private readonly Lock _gate = new();
    private Thread? _thread;
    private ITimer? _fingerprintTimer;
    private volatile DtlsState _state = DtlsState.New;
    private volatile bool _closeRequested;
    private volatile bool _fingerprintTimedOut;

    public DtlsTransport(DtlsCertificate certificate, DtlsRole role, Action<ReadOnlyMemory<byte>> send, DtlsOptions options, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(options);
        _certificate = certificate;
        Role = role;
        _options = options;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _queue = new DtlsDatagramQueue(send, options.QueueCapacity, Counters);
    }

    /// <summary>Raised once, on the handshake thread, when the handshake is done and the peer certificate matched.</summary>
    public event Action<DtlsKeys>? Connected;

    /// <summary>Raised once, on the handshake thread, with the reason (also logged).</summary>
    public event Action<string>? Failed;

    /// <summary>Raised once, on the handshake thread, when the peer sent close_notify (we answer with ours).</summary>
    public event Action? Closed;

    public DtlsRole Role { get; }

    public DtlsState State => _state;

    public DtlsCounters Counters { get; } = new();

    /// <summary>Datagrams queued and not yet taken by the handshake thread (for tests and the fuzz harness).</summary>
    internal bool HasPendingDatagrams => _queue.HasDatagram;

    /// <summary>RFC 5763 §5 / RFC 4145 §4: the side that answered (or was told) active sends the ClientHello.
    /// Throws <see cref="ArgumentException"/> for combinations no valid offer/answer produces (both active, both
    /// passive, both actpass): signalling must reject those before a transport is made.</summary>
    public static DtlsRole RoleFor(DtlsSetup remoteSetup, DtlsSetup localSetup) => (remoteSetup, localSetup) switch
    {
        (DtlsSetup.Active, DtlsSetup.Passive or DtlsSetup.ActPass) => DtlsRole.Server,
        (DtlsSetup.Passive, DtlsSetup.Active or DtlsSetup.ActPass) => DtlsRole.Client,
        (DtlsSetup.ActPass, DtlsSetup.Active) => DtlsRole.Client,
        (DtlsSetup.ActPass, DtlsSetup.Passive) => DtlsRole.Server,
        _ => throw new ArgumentException($"DTLS setup {remoteSetup} (remote) with {localSetup} (local) names no client and server"),
    };

    /// <summary>Starts the handshake thread: a client sends its ClientHello at once, a server waits for one
    /// (datagrams queued before the start are kept).</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_state != DtlsState.New)
            {
                throw new InvalidOperationException($"the DTLS transport was already started ({_state})");
            }
            _state = DtlsState.Handshaking;
            _thread = new Thread(Run, ThreadStackSize) { IsBackground = true, Name = $"dtls-{Role.ToString().ToLowerInvariant()}" };
            _thread.Start();
        }
    }

    /// <summary>A datagram whose first byte is 20–63 (RFC 7983 §7) from the selected pair. Copies it; never blocks,
    /// never throws; drops and counts garbage, overflow, and anything after the end.</summary>
    public void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        var state = _state;
        if (state is DtlsState.Failed or DtlsState.Closed || _queue.IsClosed)
        {
            Interlocked.Increment(ref Counters.DroppedClosed);
            return;
        }
        if (!DtlsRecordHeader.IsWellFormedDatagram(datagram))
        {
            Interlocked.Increment(ref Counters.DroppedMalformed);
            return;
        }
        _queue.TryEnqueue(datagram);
    }

    /// <summary>The peer's certificate fingerprint from SDP or Jingle (RFC 8122 §5). Any thread, before or after the
    /// handshake; the last call wins until the check was made.</summary>
    public void SetRemoteFingerprint(string hashFunction, string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(hashFunction);
        ArgumentNullException.ThrowIfNull(fingerprint);
        _fingerprint.Set(hashFunction, fingerprint);
        _queue.Wake();
    }

    /// <summary>Sends close_notify (after the handshake; a running handshake is abandoned) and ends the handshake
    /// thread. Any thread; idempotent. Raises no event: the caller knows.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closeRequested = true;
            if (_state == DtlsState.New)
            {
                _state = DtlsState.Closed;
                _queue.Close();
                return;
            }
        }
        if (_state == DtlsState.Handshaking)
        {
            _queue.Abort();
        }
        else
        {
            _queue.Wake();
        }
    }

    /// <summary>Closes and waits (bounded) for the handshake thread to end.</summary>
    public void Dispose()
    {
        Close();
        var thread = _thread;
        if (thread is not null && thread != Thread.CurrentThread && !thread.Join(JoinTimeout))
        {
            _logger.LogWarning("DTLS handshake thread did not end within {Timeout}", JoinTimeout);
        }
        _fingerprintTimer?.Dispose();
    }

    private void Run()
    {
        var crypto = new BcTlsCrypto(new SecureRandom());
        var negotiation = new DtlsSrtpNegotiation(_certificate, _options, Role, _fingerprint.Check);
        try
        {
            var transport = Role == DtlsRole.Server
                ? new DtlsServerProtocol().Accept(new DtlsSrtpServer(crypto, negotiation), _queue)
                : new DtlsClientProtocol().Connect(new DtlsSrtpClient(crypto, negotiation), _queue);
            RunConnected(transport, negotiation);
        }
        catch (Exception e) when (_closeRequested)
        {
            _logger.LogDebug(e, "DTLS handshake abandoned on close");
            Finish(DtlsState.Closed, null);
        }
        catch (TlsTimeoutException)
        {
            Interlocked.Increment(ref Counters.HandshakeTimeouts);
            Fail($"handshake timeout after {_options.HandshakeTimeout}");
        }
        catch (TlsFatalAlertReceived e)
        {
            Interlocked.Increment(ref Counters.HandshakeAlerts);
            Fail(negotiation.FailureReason ?? $"fatal alert received: {AlertDescription.GetText(e.AlertDescription)}");
        }
        catch (TlsFatalAlert e)
        {
            if (negotiation.FingerprintMismatch)
            {
                Interlocked.Increment(ref Counters.FingerprintMismatches);
            }
            else
            {
                Interlocked.Increment(ref Counters.HandshakeAlerts);
            }
            Fail(negotiation.FailureReason ?? $"fatal alert sent: {AlertDescription.GetText(e.AlertDescription)}");
        }
        catch (Exception e)
        {
            Interlocked.Increment(ref Counters.HandshakeAlerts);
            _logger.LogDebug(e, "DTLS error");
            Fail(negotiation.FailureReason ?? $"DTLS error: {e.Message}");
        }
        finally
        {
            _queue.Close();
            _fingerprintTimer?.Dispose();
        }
    }

    /// <summary>After the handshake: wait for the fingerprint (bounded by <see cref="DtlsOptions.FingerprintTimeout"/>),
    /// then keep reading until close.</summary>
    private void RunConnected(BcDtlsTransport transport, DtlsSrtpNegotiation negotiation)
    {
        // The timer exists before the state says so, so whoever sees AwaitingFingerprint sees the clock running.
        _fingerprintTimer = _time.CreateTimer(_ =>
        {
            _fingerprintTimedOut = true;
            _queue.Wake();
        }, null, _options.FingerprintTimeout, Timeout.InfiniteTimeSpan);
        SetState(DtlsState.AwaitingFingerprint);
        var buffer = new byte[DtlsDatagramQueue.ReceiveLimit];
        while (true)
        {
            if (_closeRequested)
            {
                transport.Close();
                Finish(DtlsState.Closed, null);
                return;
            }
            if (_state == DtlsState.AwaitingFingerprint && !TryVerify(transport, negotiation))
            {
                return;
            }
            if (!_queue.WaitForWork(IdleWait))
            {
                continue;
            }
            while (_queue.HasDatagram && !_closeRequested)
            {
                // Application data has no use here (no data channels on this transport); a 1 ms wait lets
                // BouncyCastle answer a retransmitted flight or take an alert without holding up the loop.
                transport.Receive(buffer, 0, buffer.Length, 1);
                if (negotiation.CloseNotifyReceived)
                {
                    Interlocked.Increment(ref Counters.CloseNotifyReceived);
                    Finish(DtlsState.Closed, Closed);
                    return;
                }
            }
        }
    }

    /// <summary>False when the transport ended: mismatch, or no fingerprint in time.</summary>
    private bool TryVerify(BcDtlsTransport transport, DtlsSrtpNegotiation negotiation)
    {
        var check = _fingerprint.Check(negotiation.PeerCertificate!);
        switch (check.Result)
        {
            case DtlsFingerprintResult.Match:
                _fingerprintTimer?.Dispose();
                if (SetState(DtlsState.Connected))
                {
                    _logger.LogInformation("DTLS connected as {Role} with {Profile}", Role, negotiation.Keys!.Profile);
                    Raise(() => Connected?.Invoke(negotiation.Keys!));
                }
                return true;
            case DtlsFingerprintResult.Mismatch:
                Interlocked.Increment(ref Counters.FingerprintMismatches);
                transport.Close();
                Fail(check.Reason);
                return false;
            default:
                if (!_fingerprintTimedOut)
                {
                    return true;
                }
                Interlocked.Increment(ref Counters.FingerprintTimeouts);
                transport.Close();
                Fail($"no remote fingerprint within {_options.FingerprintTimeout} after the handshake");
                return false;
        }
    }

    private void Fail(string reason)
    {
        if (Finish(DtlsState.Failed, null))
        {
            _logger.LogWarning("DTLS failed as {Role}: {Reason}", Role, reason);
            Raise(() => Failed?.Invoke(reason));
        }
    }

    /// <summary>Enters a final state once; raises <paramref name="closed"/> if given.</summary>
    private bool Finish(DtlsState state, Action? closed)
    {
        lock (_gate)
        {
            if (_state is DtlsState.Failed or DtlsState.Closed)
            {
                return false;
            }
            _state = state;
        }
        _queue.Close();
        if (closed is not null)
        {
            _logger.LogInformation("DTLS closed by the peer");
            Raise(closed);
        }
        return true;
    }

    private bool SetState(DtlsState state)
    {
        lock (_gate)
        {
            if (_state is DtlsState.Failed or DtlsState.Closed)
            {
                return false;
            }
            _state = state;
            return true;
        }
    }

    /// <summary>A subscriber's exception must not end the handshake thread.</summary>
    private void Raise(Action raise)
    {
        try
        {
            raise();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "DTLS event handler failed");
        }
    }
}
