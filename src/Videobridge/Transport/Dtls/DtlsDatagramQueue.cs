using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>The datagram side of BouncyCastle's DTLS stack: received datagrams wait in a bounded queue filled by
/// the Worker thread (<see cref="TryEnqueue"/>, lock-free, never blocks) and drained by the handshake thread
/// (<see cref="Receive(byte[], int, int, int)"/>, bounded waits); sends go straight to the callback, which posts
/// them to the Worker. A wake (<see cref="Wake"/>) lets the handshake thread look at its control flags.</summary>
internal sealed class DtlsDatagramQueue : DatagramTransport
{
    /// <summary>Largest datagram accepted: an Ethernet MTU's worth. Anything larger did not come over a path
    /// a DTLS peer would use for a handshake (RFC 6347 §4.1.1.1).</summary>
    public const int ReceiveLimit = 1500;

    /// <summary>Largest datagram sent. 1200 bytes fits every path WebRTC supports (the same budget as the
    /// QUIC and ICE minimums), so our handshake flights never depend on IP fragmentation; BouncyCastle
    /// fragments handshake messages to fit (RFC 6347 §4.2.3).</summary>
    public const int SendLimit = 1200;

    private readonly ConcurrentQueue<byte[]> _datagrams = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly Action<ReadOnlyMemory<byte>> _send;
    private readonly DtlsCounters _counters;
    private readonly int _capacity;
    private int _count;
    private volatile bool _closed;
    private volatile bool _aborted;

    public DtlsDatagramQueue(Action<ReadOnlyMemory<byte>> send, int capacity, DtlsCounters counters)
    {
        _send = send;
        _capacity = Math.Max(1, capacity);
        _counters = counters;
    }

    /// <summary>True once BouncyCastle closed the transport or the owner aborted it.</summary>
    public bool IsClosed => _closed;

    /// <summary>Copies and queues a datagram; false (and counted) when full or closed. Worker thread.</summary>
    public bool TryEnqueue(ReadOnlySpan<byte> datagram)
    {
        if (_closed)
        {
            Interlocked.Increment(ref _counters.DroppedClosed);
            return false;
        }
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            Interlocked.Decrement(ref _count);
            Interlocked.Increment(ref _counters.DroppedQueueFull);
            return false;
        }
        _datagrams.Enqueue(datagram.ToArray());
        Interlocked.Increment(ref _counters.DatagramsReceived);
        _signal.Release();
        return true;
    }

    /// <summary>Makes a waiting <see cref="Receive(byte[], int, int, int)"/> or <see cref="WaitForWork"/> return
    /// early. Any thread.</summary>
    public void Wake() => _signal.Release();

    /// <summary>Makes every later receive fail with an <see cref="IOException"/>, so a running handshake ends at
    /// once (BouncyCastle then answers with a fatal alert, RFC 6347 §4.1.2.7). Any thread.</summary>
    public void Abort()
    {
        _aborted = true;
        _signal.Release();
    }

    /// <summary>Waits until a datagram is queued or <see cref="Wake"/> is called, at most <paramref name="timeout"/>.
    /// Handshake thread, after the handshake.</summary>
    public bool WaitForWork(TimeSpan timeout) => !_datagrams.IsEmpty || _signal.Wait(timeout);

    /// <summary>Whether a datagram is waiting.</summary>
    public bool HasDatagram => !_datagrams.IsEmpty;

    public int GetReceiveLimit() => ReceiveLimit;

    public int GetSendLimit() => SendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <summary>The next datagram, or -1 when none came within <paramref name="waitMillis"/>. Handshake thread.</summary>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        var deadline = Environment.TickCount64 + Math.Max(0, waitMillis);
        while (true)
        {
            if (_aborted)
            {
                throw new IOException("DTLS transport closed");
            }
            if (_datagrams.TryDequeue(out var datagram))
            {
                // Take the signal this datagram released, so counts never pile up however the two sides interleave.
                _ = _signal.Wait(0);
                Interlocked.Decrement(ref _count);
                var length = Math.Min(datagram.Length, buffer.Length);
                datagram.AsSpan(0, length).CopyTo(buffer);
                return length;
            }
            var remaining = deadline - Environment.TickCount64;
            if (remaining <= 0 || !_signal.Wait(TimeSpan.FromMilliseconds(remaining)))
            {
                return -1;
            }
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    /// <summary>Copies the record: BouncyCastle reuses its buffer, the Worker sends later. Handshake thread.</summary>
    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (_closed)
        {
            return;
        }
        _send(buffer.ToArray());
        Interlocked.Increment(ref _counters.DatagramsSent);
    }

    /// <summary>Called by BouncyCastle after its closing alert; later datagrams are dropped.</summary>
    public void Close()
    {
        _closed = true;
        _signal.Release();
    }
}
