using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>A datagram transport for a BouncyCastle peer driven directly by a test: received datagrams wait in a
/// queue, sends go to a callback. The send limit is a parameter so a test can make BouncyCastle put a whole
/// ClientHello in one record.</summary>
internal sealed class MemoryDatagramTransport(Action<byte[]> send, int sendLimit = 1200) : DatagramTransport
{
    private readonly BlockingCollection<byte[]> _received = new();

    public void Deliver(ReadOnlySpan<byte> datagram)
    {
        if (!_received.IsAddingCompleted)
        {
            _received.Add(datagram.ToArray());
        }
    }

    public int GetReceiveLimit() => 1 << 14;

    public int GetSendLimit() => sendLimit;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    public int Receive(Span<byte> buffer, int waitMillis)
    {
        if (!_received.TryTake(out var datagram, Math.Max(1, waitMillis)))
        {
            // Closed: end the peer's handshake now instead of letting it retransmit into nothing.
            return _received.IsCompleted ? throw new IOException("transport closed") : -1;
        }
        var length = Math.Min(buffer.Length, datagram.Length);
        datagram.AsSpan(0, length).CopyTo(buffer);
        return length;
    }

    public void Send(byte[] buf, int off, int len) => send(buf.AsSpan(off, len).ToArray());

    public void Send(ReadOnlySpan<byte> buffer) => send(buffer.ToArray());

    public void Close() => _received.CompleteAdding();
}
