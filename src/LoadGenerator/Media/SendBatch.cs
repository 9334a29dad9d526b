using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>
/// Batched send for Linux: datagrams queued during one send tick (a video frame is a burst of up to nine packets on
/// one socket) go out with one <c>sendmmsg(2)</c> call (non-blocking) instead of one <c>sendto</c> each. Each queued
/// datagram is copied into a native buffer with its destination's <c>sockaddr</c> (the bytes of the endpoint's cached
/// <see cref="SocketAddress"/>), so queueing allocates nothing. The structures are the x86-64/arm64 Linux layouts of
/// <c>struct mmsghdr</c>, <c>msghdr</c> and <c>iovec</c>, as in <see cref="ReceiveBatch"/>. Owned by one generator thread.
/// </summary>
internal sealed unsafe partial class SendBatch : IDisposable
{
    public const int Capacity = 32;
    private const int DatagramBytes = 2048;
    private const int SockaddrBytes = 28;
    private const int MsgDontWait = 0x40;

    private readonly ReceiveBatch.MMsgHdr* _headers;
    private readonly ReceiveBatch.IoVec* _vectors;
    private readonly byte* _addresses;
    private readonly byte* _buffers;
    private Socket? _socket;

    public SendBatch()
    {
        _headers = (ReceiveBatch.MMsgHdr*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(ReceiveBatch.MMsgHdr)));
        _vectors = (ReceiveBatch.IoVec*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(ReceiveBatch.IoVec)));
        _addresses = (byte*)NativeMemory.AllocZeroed(Capacity * SockaddrBytes);
        _buffers = (byte*)NativeMemory.AllocZeroed(Capacity * DatagramBytes);
        for (var i = 0; i < Capacity; i++)
        {
            _vectors[i].Base = _buffers + (i * DatagramBytes);
            _headers[i].Header.Iov = _vectors + i;
            _headers[i].Header.IovLength = 1;
            _headers[i].Header.Name = _addresses + (i * SockaddrBytes);
        }
    }

    /// <summary>Datagrams queued and not flushed yet.</summary>
    public int Count { get; private set; }

    /// <summary>Datagrams <see cref="Flush"/> could not send (a full socket buffer), since the last reset.</summary>
    public long Unsent { get; set; }

    /// <summary>sendmmsg calls made, and the datagrams they carried, since the last reset.</summary>
    public long Calls { get; set; }

    public long Datagrams { get; set; }

    /// <summary>Queues <paramref name="datagram"/> for <paramref name="destination"/> on <paramref name="socket"/>;
    /// a different socket or a full batch flushes first. False when the datagram or address does not fit.</summary>
    public bool Queue(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        if (datagram.Length > DatagramBytes || destination.Size > SockaddrBytes)
        {
            return false;
        }
        if (_socket != socket || Count == Capacity)
        {
            Flush();
            _socket = socket;
        }
        var i = Count++;
        datagram.CopyTo(new Span<byte>(_vectors[i].Base, DatagramBytes));
        _vectors[i].Length = (nuint)datagram.Length;
        destination.Buffer.Span[..destination.Size].CopyTo(new Span<byte>(_addresses + (i * SockaddrBytes), SockaddrBytes));
        _headers[i].Header.NameLength = (uint)destination.Size;
        return true;
    }

    /// <summary>Sends what is queued with one call (more only if the kernel took part of it); counts what it could not send.</summary>
    public void Flush()
    {
        var sent = 0;
        while (sent < Count && _socket is not null)
        {
            var n = SendMMsg((int)_socket.SafeHandle.DangerousGetHandle(), _headers + sent, (uint)(Count - sent), MsgDontWait);
            Calls++;
            if (n <= 0)
            {
                break;
            }
            sent += n;
        }
        Datagrams += sent;
        Unsent += Count - sent;
        Count = 0;
    }

    public void Dispose()
    {
        NativeMemory.Free(_headers);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_buffers);
    }

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMMsg(int fd, ReceiveBatch.MMsgHdr* messages, uint count, int flags);
}
