using System.Net;
using System.Net.Sockets;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Transport;

/// <summary>One Worker's UDP socket: STUN, DTLS and SRTP of all its endpoints share it (RFC 7983). It receives
/// into the caller's buffer with one reused <see cref="SocketAddress"/> and sends with a <see cref="SocketAddress"/>
/// made once per destination, so a datagram costs no allocation; remote addresses travel as
/// <see cref="TransportAddress"/> values. It refuses to send outside the allowed networks. On 64-bit Linux it also
/// moves datagrams in batches (<see cref="MessageBatch"/>): <see cref="ReceiveBatch"/> takes up to 32 waiting
/// datagrams with one <c>recvmmsg(2)</c>, and between <see cref="BeginSendBatch"/> and <see cref="FlushSends"/> every
/// <see cref="TrySend"/> is copied into a batch that leaves with one <c>sendmmsg(2)</c> (sooner when it fills), so the
/// fan-out of a receive batch costs one system call instead of one per packet. Owned by its Worker thread (the
/// constructor and <see cref="Dispose"/> may run elsewhere).</summary>
internal sealed class UdpPort : IDisposable
{
    // The cache of send addresses is dropped wholesale past this size; it refills with the live peers.
    private const int MaxCachedSendAddresses = 4096;

    private readonly Socket _socket;
    private readonly SocketAddress _receiveAddress;
    private readonly Dictionary<TransportAddress, SocketAddress> _sendAddresses = [];
    private readonly TransportCounters _counters;
    private readonly MessageBatch? _received;
    private readonly MessageBatch? _sends;
    private bool _batchingSends;
    private int _receiveTimeoutMilliseconds;
    private volatile bool _inBatchCall;

    public UdpPort(UdpPortOptions options, TransportCounters counters)
    {
        _counters = counters;
        AllowedNetworks = AllowedNetworks.Parse(options.AllowedRemoteNetworks);
        var bind = IPAddress.Parse(options.BindAddress);
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (bind.Equals(IPAddress.IPv6Any))
            {
                _socket.DualMode = true;
            }
            _socket.ReceiveBufferSize = options.SocketBufferBytes;
            _socket.SendBufferSize = options.SocketBufferBytes;
            if (OperatingSystem.IsWindows())
            {
                // SIO_UDP_CONNRESET off: an ICMP port unreachable must not fail the next receive of the shared socket.
                _socket.IOControl(unchecked((int)0x9800000C), [0, 0, 0, 0], null);
            }
            _socket.Bind(new IPEndPoint(bind, options.Port));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiveAddress = new SocketAddress(_socket.AddressFamily);
        if (MessageBatch.IsSupported && !options.NoBatching)
        {
            _received = new MessageBatch();
            _sends = new MessageBatch();
        }
        LocalCandidates = CreateLocalCandidates(options, bind, LocalEndPoint.Port);
    }

    public IPEndPoint LocalEndPoint { get; }

    public AllowedNetworks AllowedNetworks { get; }

    /// <summary>The candidates every endpoint on this port advertises (RFC 8445 §5.1.1).</summary>
    public IReadOnlyList<IceCandidate> LocalCandidates { get; }

    /// <summary>Waits up to <paramref name="timeout"/> for a datagram; true when one is ready.</summary>
    public bool Poll(TimeSpan timeout)
    {
        try
        {
            return _socket.Poll((int)(timeout.Ticks / 10), SelectMode.SelectRead);
        }
        catch (SocketException)
        {
            _counters.ReceiveErrors++;
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    /// <summary>Receives one datagram into <paramref name="buffer"/>; its length, or -1 on an error (counted).</summary>
    public int Receive(Span<byte> buffer, out TransportAddress source)
    {
        source = default;
        try
        {
            var length = _socket.ReceiveFrom(buffer, SocketFlags.None, _receiveAddress);
            if (!TransportAddress.TryFromSocketAddress(_receiveAddress, out source))
            {
                _counters.ReceiveErrors++;
                return -1;
            }
            _counters.DatagramsReceived++;
            _counters.BytesReceived += length;
            return length;
        }
        catch (SocketException)
        {
            _counters.ReceiveErrors++;
            return -1;
        }
    }

    /// <summary>Whether <see cref="ReceiveBatch"/> and send batches work here (64-bit Linux, not switched off).</summary>
    public bool CanBatch => _received is not null;

    /// <summary>Receives the datagrams waiting, up to <see cref="MessageBatch.Capacity"/>, without blocking, or
    /// after waiting up to <paramref name="wait"/> for the first (one system call either way); read them with
    /// <see cref="Received"/> until the next call. 0 when none came (or on an error, counted), and always 0 where
    /// <see cref="CanBatch"/> is false.</summary>
    public int ReceiveBatch(TimeSpan wait = default)
    {
        if (_received is null)
        {
            return 0;
        }
        var waitMilliseconds = wait <= TimeSpan.Zero ? 0 : Math.Max(1, (int)wait.TotalMilliseconds);
        int count;
        try
        {
            if (waitMilliseconds > 0 && waitMilliseconds != _receiveTimeoutMilliseconds)
            {
                _socket.ReceiveTimeout = waitMilliseconds;
                _receiveTimeoutMilliseconds = waitMilliseconds;
            }
            _inBatchCall = true;
            count = _received.Receive(_socket, waitMilliseconds > 0);
        }
        catch (ObjectDisposedException)
        {
            return 0;
        }
        finally
        {
            _inBatchCall = false;
        }
        if (count < 0)
        {
            _counters.ReceiveErrors++;
            return 0;
        }
        if (count > 0)
        {
            _counters.ReceiveBatches++;
        }
        return count;
    }

    /// <summary>Datagram <paramref name="index"/> of the last <see cref="ReceiveBatch"/> and its source; empty when
    /// the source is not an address (counted as a receive error).</summary>
    public Span<byte> Received(int index, out TransportAddress source)
    {
        source = default;
        if (_received is null || (uint)index >= (uint)_received.Count)
        {
            return default;
        }
        if (!_received.TryCopySource(index, _receiveAddress) || !TransportAddress.TryFromSocketAddress(_receiveAddress, out source))
        {
            _counters.ReceiveErrors++;
            return default;
        }
        var datagram = _received.Datagram(index);
        _counters.DatagramsReceived++;
        _counters.BytesReceived += datagram.Length;
        return datagram;
    }

    /// <summary>From now until <see cref="FlushSends"/>, sends are queued and leave together. No effect where
    /// <see cref="CanBatch"/> is false.</summary>
    public void BeginSendBatch() => _batchingSends = _sends is not null;

    /// <summary>Sends what was queued since <see cref="BeginSendBatch"/> and sends at once again from now on.</summary>
    public void FlushSends()
    {
        _batchingSends = false;
        SendQueued();
    }

    /// <summary>Sends unless <paramref name="destination"/> is outside the allowed networks; never throws.</summary>
    public bool TrySend(ReadOnlySpan<byte> datagram, in TransportAddress destination)
    {
        if (!AllowedNetworks.Contains(destination))
        {
            _counters.SendRefusedNotAllowed++;
            return false;
        }
        var address = GetSendAddress(destination);
        if (address is null)
        {
            _counters.SendErrors++;
            return false;
        }
        if (_batchingSends && _sends is not null)
        {
            if (_sends.TryQueue(datagram, address))
            {
                return true;
            }
            // Full: send what is queued and start a new batch (a datagram too large for a slot goes alone, in order).
            SendQueued();
            if (_sends.TryQueue(datagram, address))
            {
                return true;
            }
        }
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, address);
            _counters.DatagramsSent++;
            _counters.BytesSent += datagram.Length;
            return true;
        }
        catch (SocketException)
        {
            _counters.SendErrors++;
            return false;
        }
    }

    public void Dispose()
    {
        _socket.Dispose();
        // Normally the Worker thread has stopped; if it has not, a batched call of its may still be using the native
        // buffers, which are then left to the process rather than freed under it.
        if (!_inBatchCall)
        {
            _received?.Dispose();
            _sends?.Dispose();
        }
    }

    private void SendQueued()
    {
        if (_sends is not { Count: > 0 } sends)
        {
            return;
        }
        var queued = sends.Count;
        int sent;
        long bytes;
        try
        {
            _inBatchCall = true;
            sent = sends.Send(_socket, out bytes);
        }
        catch (ObjectDisposedException)
        {
            sent = 0;
            bytes = 0;
        }
        finally
        {
            _inBatchCall = false;
        }
        _counters.DatagramsSent += sent;
        _counters.BytesSent += bytes;
        _counters.SendErrors += queued - sent;
        _counters.SendBatches++;
    }

    private SocketAddress? GetSendAddress(in TransportAddress destination)
    {
        if (_sendAddresses.TryGetValue(destination, out var cached))
        {
            return cached;
        }
        var endPoint = destination.ToEndPoint();
        if (_socket.AddressFamily == AddressFamily.InterNetworkV6)
        {
            endPoint = new IPEndPoint(endPoint.Address.MapToIPv6(), endPoint.Port);
        }
        else if (!destination.IsIPv4)
        {
            return null;
        }
        if (_sendAddresses.Count >= MaxCachedSendAddresses)
        {
            _sendAddresses.Clear();
        }
        var address = endPoint.Serialize();
        _sendAddresses.Add(destination, address);
        return address;
    }

    private static List<IceCandidate> CreateLocalCandidates(UdpPortOptions options, IPAddress bind, int port)
    {
        var addresses = options.LocalAddresses.Select(IPAddress.Parse).ToList();
        if (addresses.Count == 0 && !bind.Equals(IPAddress.Any) && !bind.Equals(IPAddress.IPv6Any))
        {
            addresses.Add(bind);
        }
        // Earlier addresses are preferred: local preference 65535, 65534, … (RFC 8445 §5.1.2.1).
        var candidates = addresses
            .Select((address, i) => new IceCandidate((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
                IceCandidate.ComputePriority(IceCandidateType.Host, (ushort)(ushort.MaxValue - i)), new IPEndPoint(address, port), IceCandidateType.Host))
            .ToList();
        if (options.PublicAddress is { Length: > 0 } mapped && candidates.Count > 0)
        {
            candidates.Add(new IceCandidate($"{candidates.Count + 1}", IceCandidate.ComputePriority(IceCandidateType.ServerReflexive, ushort.MaxValue),
                new IPEndPoint(IPAddress.Parse(mapped), port), IceCandidateType.ServerReflexive, candidates[0].EndPoint));
        }
        return candidates;
    }
}
