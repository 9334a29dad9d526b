using System.Collections.Concurrent;
using System.Text;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jitsi.Net.Videobridge;

/// <summary>One media thread: it owns a UDP port and the endpoint transports on it, receives datagrams and runs
/// posted work and the ICE timer between them. On 64-bit Linux it receives the datagrams waiting with one call and
/// sends what they (and each timer tick) produce in batches (see <see cref="UdpPort"/>). The receive path reads top to bottom in <see cref="OnDatagram"/>:
/// allow-list → endpoint by remote address (from an unknown address only an authentic ICE check for a local ufrag)
/// → RFC 7983 demultiplexing → the endpoint (STUN answered, DTLS queued, SRTP unprotected in place, plaintext to
/// its receiver). Nothing on it awaits, locks or allocates. Other threads reach it only through <see cref="Post"/>;
/// <see cref="CreateEndpoint"/>, <see cref="RemoveEndpoint"/> and <see cref="Dispose"/> post for themselves.</summary>
internal sealed class Worker : IDisposable
{
    // A full Ethernet datagram and then some: larger ones are not media a browser sends.
    private const int ReceiveBufferLength = 2048;
    private const int MaxPostedPerRound = 256;

    private readonly WorkerOptions _options;
    private readonly DtlsCertificate _certificate;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly List<EndpointTransport> _endpoints = [];
    private readonly List<Action> _timers = [];
    private readonly Dictionary<TransportAddress, EndpointTransport> _byAddress = [];
    private readonly Dictionary<string, EndpointTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EndpointTransport>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly DatagramSend _send;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public Worker(string name, WorkerOptions options, DtlsCertificate certificate, TimeProvider? time = null, ILogger? logger = null)
    {
        _options = options;
        _certificate = certificate;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        Port = new UdpPort(options.Port, Counters);
        _send = Port.TrySend;
        _thread = new Thread(Run) { IsBackground = true, Name = name };
    }

    public TransportCounters Counters { get; } = new();

    public UdpPort Port { get; }

    /// <summary>Endpoints registered on the Worker thread; read it there.</summary>
    public int EndpointCount => _endpoints.Count;

    public void Start() => _thread.Start();

    /// <summary>Runs <paramref name="work"/> on the Worker thread, between datagrams. Any thread.</summary>
    public void Post(Action work) => _posted.Enqueue(work);

    /// <summary>Makes an endpoint transport with fresh ICE credentials, registers it on the Worker thread (posted) and
    /// starts its ICE agent there. Its local parameters can go into the offer at once; everything else on it —
    /// <c>SetRemoteParameters</c>, <c>AddRemoteCandidate</c>, <c>TrySendRtp</c> — runs on the Worker thread
    /// (through <see cref="Post"/>). Any thread.</summary>
    public EndpointTransport CreateEndpoint(string id, IMediaReceiver receiver)
    {
        var transport = new EndpointTransport(id, _options.Endpoint, Port.LocalCandidates, Port.AllowedNetworks, _certificate, _send,
            Post, receiver, Counters, _time, _logger);
        Post(() => Register(transport));
        return transport;
    }

    /// <summary>Unregisters and disposes the transport on the Worker thread (posted). Any thread.</summary>
    public void RemoveEndpoint(EndpointTransport transport) => Post(() => Unregister(transport));

    /// <summary>One received datagram. Worker thread (tests call it directly).</summary>
    internal void OnDatagram(Span<byte> datagram, in TransportAddress source)
    {
        if (!Port.AllowedNetworks.Contains(source))
        {
            Counters.DroppedNotAllowed++;
            return;
        }
        var kind = PacketDemultiplexer.Classify(datagram);
        if (kind == PacketKind.Unknown)
        {
            Counters.DroppedUnknownKind++;
            return;
        }
        if (!_byAddress.TryGetValue(source, out var endpoint))
        {
            // RFC 8445 §7.3.1.3: a new address is learned only from a check that authenticates; the agent verifies it.
            if (kind != PacketKind.Stun)
            {
                Counters.DroppedNotStunFromUnknown++;
                return;
            }
            endpoint = FindByUsername(datagram);
            if (endpoint is null)
            {
                Counters.DroppedUnknownUfrag++;
                return;
            }
        }
        endpoint.OnDatagram(datagram, source, kind);
    }

    /// <summary>Runs <paramref name="timer"/> on every timer tick from now on (a conference's reports and feedback).
    /// Worker thread (post it).</summary>
    public void AddTimer(Action timer) => _timers.Add(timer);

    /// <summary>Stops running <paramref name="timer"/>. Worker thread (post it).</summary>
    public void RemoveTimer(Action timer) => _timers.Remove(timer);

    /// <summary>ICE pacing and consent of every endpoint, then the added timers. Worker thread (tests call it directly).</summary>
    internal void OnTimer()
    {
        for (var i = 0; i < _endpoints.Count; i++)
        {
            _endpoints[i].OnTimer();
        }
        for (var i = 0; i < _timers.Count; i++)
        {
            _timers[i]();
        }
    }

    /// <summary>Runs posted work now. Worker thread (tests without a running thread call it directly).</summary>
    internal void RunPosted()
    {
        for (var i = 0; i < MaxPostedPerRound && _posted.TryDequeue(out var work); i++)
        {
            try
            {
                work();
            }
            catch (Exception e)
            {
                _logger.LogError(e, "Posted work failed on {Worker}", _thread.Name);
            }
        }
    }

    /// <summary>Stops the thread, then disposes the endpoints and the port. Any thread but the Worker's.</summary>
    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive && !_thread.Join(TimeSpan.FromSeconds(5)))
        {
            _logger.LogWarning("Worker {Worker} did not stop in time", _thread.Name);
        }
        foreach (var endpoint in _endpoints)
        {
            endpoint.Dispose();
        }
        _endpoints.Clear();
        Port.Dispose();
    }

    private void Run()
    {
        var buffer = new byte[ReceiveBufferLength];
        var nextTimer = _time.GetTimestamp();
        var timerTicks = (long)(_options.TimerInterval.TotalSeconds * _time.TimestampFrequency);
        var batchWasFull = false;
        while (!_stopping)
        {
            RunPosted();
            var now = _time.GetTimestamp();
            if (now >= nextTimer)
            {
                nextTimer = now + timerTicks;
                // A timer's reports and feedback to every endpoint leave together too.
                Port.BeginSendBatch();
                Guard(OnTimer);
                Port.FlushSends();
            }
            if (Port.CanBatch)
            {
                // One call waits for the first datagram and takes what else is waiting; after a full batch more
                // is likely waiting, so the next call does not wait.
                batchWasFull = ReceiveBatch(batchWasFull ? TimeSpan.Zero : _options.PollInterval) == MessageBatch.Capacity;
                continue;
            }
            if (!Port.Poll(_options.PollInterval))
            {
                continue;
            }
            var length = Port.Receive(buffer, out var source);
            if (length >= 0)
            {
                GuardDatagram(buffer.AsSpan(0, length), source);
            }
        }
    }

    /// <summary>The datagrams waiting, after waiting up to <paramref name="wait"/> for the first (one
    /// <c>recvmmsg</c>), each handled in turn; what they make the Worker send leaves in batches (<c>sendmmsg</c>) at
    /// the end, or as each batch fills. Returns how many came.</summary>
    private int ReceiveBatch(TimeSpan wait)
    {
        var count = Port.ReceiveBatch(wait);
        if (count == 0)
        {
            return 0;
        }
        Port.BeginSendBatch();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var datagram = Port.Received(i, out var source);
                if (!datagram.IsEmpty)
                {
                    GuardDatagram(datagram, source);
                }
            }
        }
        finally
        {
            Port.FlushSends();
        }
        return count;
    }

    private void GuardDatagram(Span<byte> datagram, in TransportAddress source)
    {
        try
        {
            OnDatagram(datagram, source);
        }
        catch (Exception e)
        {
            // Network input never throws by design; if it does, the bug is logged and the Worker lives on.
            _logger.LogError(e, "Datagram from {Source} failed on {Worker}", source, _thread.Name);
        }
    }

    private void Guard(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Timer failed on {Worker}", _thread.Name);
        }
    }

    // USERNAME of a check is "local-ufrag:remote-ufrag" (RFC 8445 §7.2.2); the first part names the endpoint.
    private EndpointTransport? FindByUsername(ReadOnlySpan<byte> datagram)
    {
        if (!StunMessage.TryParse(datagram, out var message) || message.Type != StunMessageType.BindingRequest)
        {
            return null;
        }
        var username = message.Username;
        var colon = username.IndexOf((byte)':');
        if (colon <= 0 || colon > 256)
        {
            return null;
        }
        Span<char> ufrag = stackalloc char[colon];
        // Ufrags are ice-chars (ASCII); Latin-1 maps each byte to one char, so anything else simply does not match.
        Encoding.Latin1.GetChars(username[..colon], ufrag);
        return _byUfragSpan.TryGetValue(ufrag, out var endpoint) ? endpoint : null;
    }

    private void Register(EndpointTransport transport)
    {
        if (!_byUfrag.TryAdd(transport.LocalCredentials.Ufrag, transport))
        {
            // 48 random bits make this practically impossible; refuse rather than route checks to the wrong endpoint.
            _logger.LogError("Endpoint {Id}: ufrag already in use", transport.Id);
            transport.Dispose();
            return;
        }
        _endpoints.Add(transport);
        transport.RemoteAddressAdded += OnRemoteAddressAdded;
        transport.Start();
    }

    private void OnRemoteAddressAdded(EndpointTransport transport, TransportAddress address)
    {
        // The first endpoint to pair an address keeps it: a later one cannot take another's traffic.
        _byAddress.TryAdd(address, transport);
    }

    private void Unregister(EndpointTransport transport)
    {
        if (!_endpoints.Remove(transport))
        {
            return;
        }
        _byUfrag.Remove(transport.LocalCredentials.Ufrag);
        foreach (var (address, owner) in _byAddress.ToList())
        {
            if (owner == transport)
            {
                _byAddress.Remove(address);
            }
        }
        transport.RemoteAddressAdded -= OnRemoteAddressAdded;
        transport.Dispose();
    }
}
