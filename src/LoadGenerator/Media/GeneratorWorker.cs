using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>
/// One generator thread and the simulated endpoints on it, each with its own socket and an
/// <see cref="EndpointTransport"/> in the answerer's roles (ICE controlled, DTLS active). The loop mirrors the
/// bridge's Worker: posted work, the ICE timer every 10 ms, then a wait of at most 2 ms for any of its sockets
/// (<see cref="Socket.Select"/> over a reused list) and a bounded drain of the ready ones, batched with
/// <see cref="ReceiveBatch"/> (<c>recvmmsg</c>) on Linux. Sending runs as posted
/// work: the pacer calls <see cref="RequestTick"/> about every millisecond and at most one tick is queued, so a busy
/// thread skips ticks instead of piling them up. Endpoints, sockets and <see cref="Stats"/> are owned by the thread;
/// other threads use <see cref="Post"/> and <see cref="RunAsync"/>.
/// </summary>
internal sealed class GeneratorWorker : IDisposable
{
    private const int MaxDatagramsPerSocketRound = 32;
    private static readonly long TimerTicks = Stopwatch.Frequency / 100;
    private readonly DtlsCertificate _certificate;
    private readonly GeneratorNetwork _network;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly List<SimulatedEndpoint> _endpoints = [];
    private readonly List<EndpointSocket> _sockets = [];
    private readonly Dictionary<Socket, EndpointSocket> _bySocket = [];
    private readonly List<Socket> _ready = [];
    private readonly byte[] _receive = new byte[2048];
    private readonly ReceiveBatch? _batch = ReceiveBatch.IsSupported ? new ReceiveBatch() : null;
    private readonly byte[] _scratch = new byte[2048];
    private readonly SendBatch? _sendBatch;
    private readonly Action _tick;
    private readonly Thread _thread;
    private int _tickQueued;
    private volatile bool _sending;
    private volatile bool _stopping;

    public GeneratorWorker(string name, DtlsCertificate certificate, GeneratorNetwork network, ILogger logger, bool batchSends = true)
    {
        _sendBatch = batchSends && ReceiveBatch.IsSupported ? new SendBatch() : null;
        Name = name;
        _certificate = certificate;
        _network = network;
        _logger = logger;
        _tick = Tick;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
        _thread.Start();
    }

    public string Name { get; }

    public ReceiveStats Stats { get; } = new();

    public TransportCounters Counters { get; } = new();

    /// <summary>Gives the endpoint a socket and a transport (fresh ICE credentials, DTLS active, ICE in the role the
    /// signalling needs) and registers both on the thread, where ICE starts. Any thread; everything else on the
    /// transport runs on this thread.</summary>
    public EndpointTransport Add(SimulatedEndpoint endpoint, IceRole iceRole)
    {
        var socket = new EndpointSocket(_network.LocalAddress, _network.Allowed);
        var options = _network.TransportOptions with { IceRole = iceRole };
        var transport = new EndpointTransport(endpoint.Id, options, socket.Candidates, _network.Allowed, _certificate,
            socket.TrySend, Post, endpoint, Counters, TimeProvider.System, _logger);
        socket.Transport = transport;
        endpoint.Attach(transport);
        Post(() =>
        {
            _endpoints.Add(endpoint);
            _sockets.Add(socket);
            _bySocket[socket.Socket] = socket;
            transport.Start();
        });
        return transport;
    }

    /// <summary>Runs <paramref name="work"/> on the thread, between datagrams. Any thread.</summary>
    public void Post(Action work) => _posted.Enqueue(work);

    /// <summary>Runs <paramref name="work"/> on the thread and waits for it. Any thread.</summary>
    public Task RunAsync(Action work)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                work();
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    public Task StartSendingAsync() => RunAsync(() =>
    {
        var now = Stopwatch.GetTimestamp();
        foreach (var endpoint in _endpoints)
        {
            endpoint.StartSending(now);
        }
        _sending = true;
    });

    public void StopSending() => _sending = false;

    /// <summary>Called by the pacer thread.</summary>
    public void RequestTick()
    {
        if (_sending && Interlocked.CompareExchange(ref _tickQueued, 1, 0) == 0)
        {
            Post(_tick);
        }
    }

    /// <summary>Clears counters and trackers at the start of a measured step.</summary>
    public Task ResetAsync() => RunAsync(() =>
    {
        Stats.Reset();
        foreach (var endpoint in _endpoints)
        {
            endpoint.ResetTrackers();
        }
    });

    /// <summary>Copies the step's figures out on the thread.</summary>
    public async Task<WorkerSnapshot> SnapshotAsync()
    {
        WorkerSnapshot? snapshot = null;
        await RunAsync(() =>
        {
            long expected = 0, lost = 0, reordered = 0;
            foreach (var endpoint in _endpoints)
            {
                endpoint.AddLoss(ref expected, ref lost, ref reordered);
            }
            var latency = new LatencyHistogram();
            latency.Add(Stats.Latency);
            snapshot = new WorkerSnapshot(Stats.RtpSent, Stats.BytesSent, Stats.SendFailures, Stats.RtpReceived, Stats.BytesReceived,
                Stats.NotOurs, Stats.PayloadChecked, Stats.PayloadMismatches, expected, lost, reordered, Stats.FramesReceived, Stats.KeyFramesReceived,
                Stats.KeyFrameRequests, Stats.SendCalls, Stats.SendBatched, latency);
        }).ConfigureAwait(false);
        return snapshot!;
    }

    /// <summary>Stops the thread, then closes the transports and sockets. Any thread but this one.</summary>
    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive && !_thread.Join(TimeSpan.FromSeconds(5)))
        {
            _logger.LogWarning("Generator thread {Name} did not stop in time", Name);
        }
        foreach (var socket in _sockets)
        {
            socket.Transport?.Dispose();
            socket.Dispose();
        }
        _batch?.Dispose();
        _sendBatch?.Dispose();
    }

    private void Run()
    {
        var nextTimer = Stopwatch.GetTimestamp();
        while (!_stopping)
        {
            RunPosted();
            var now = Stopwatch.GetTimestamp();
            if (now >= nextTimer)
            {
                nextTimer = now + TimerTicks;
                foreach (var socket in _sockets)
                {
                    socket.Transport?.OnTimer();
                }
            }
            if (_sockets.Count == 0)
            {
                Thread.Sleep(2);
                continue;
            }
            _ready.Clear();
            foreach (var socket in _sockets)
            {
                _ready.Add(socket.Socket);
            }
            try
            {
                Socket.Select(_ready, null, null, 2_000);
            }
            catch (SocketException)
            {
                Counters.ReceiveErrors++;
                continue;
            }
            foreach (var ready in _ready)
            {
                Drain(_bySocket[ready]);
            }
        }
    }

    private void Drain(EndpointSocket socket)
    {
        if (_batch is null)
        {
            for (var i = 0; i < MaxDatagramsPerSocketRound; i++)
            {
                var length = socket.TryReceive(_receive, out var source);
                if (length < 0)
                {
                    return;
                }
                Dispatch(socket, _receive.AsSpan(0, length), source);
            }
            return;
        }
        // A socket that fills a whole batch gets one more; then the others have their turn.
        for (var round = 0; round < 2; round++)
        {
            var count = _batch.Receive(socket.Socket);
            for (var i = 0; i < count; i++)
            {
                if (_batch.TryGetSource(i, out var source))
                {
                    Dispatch(socket, _batch.Datagram(i), source);
                }
            }
            if (count < ReceiveBatch.Capacity)
            {
                return;
            }
        }
    }

    private void Dispatch(EndpointSocket socket, Span<byte> datagram, in TransportAddress source)
    {
        Counters.DatagramsReceived++;
        var kind = PacketDemultiplexer.Classify(datagram);
        if (kind == PacketKind.Unknown || socket.Transport is not { } transport)
        {
            Counters.DroppedUnknownKind++;
            return;
        }
        try
        {
            transport.OnDatagram(datagram, source, kind);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Datagram on {Name} failed", Name);
        }
    }

    private void RunPosted()
    {
        for (var i = 0; i < 256 && _posted.TryDequeue(out var work); i++)
        {
            try
            {
                work();
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Posted work failed on {Name}", Name);
            }
        }
    }

    private void Tick()
    {
        Volatile.Write(ref _tickQueued, 0);
        if (!_sending)
        {
            return;
        }
        var now = Stopwatch.GetTimestamp();
        if (_sendBatch is not { } batch)
        {
            foreach (var endpoint in _endpoints)
            {
                endpoint.SendDue(now, _scratch);
            }
            return;
        }
        // Endpoints and sockets are added together, so they share indexes. One flush per endpoint: its tick's packets
        // (audio, a frame's burst) leave with one sendmmsg.
        for (var i = 0; i < _endpoints.Count; i++)
        {
            var socket = _sockets[i];
            socket.Batch = batch;
            _endpoints[i].SendDue(now, _scratch);
            socket.Batch = null;
            batch.Flush();
        }
        Stats.RtpSent -= batch.Unsent;
        Stats.SendFailures += batch.Unsent;
        Stats.SendCalls += batch.Calls;
        Stats.SendBatched += batch.Datagrams;
        batch.Unsent = batch.Calls = batch.Datagrams = 0;
    }
}
