using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Jitsi.Net.Videobridge.Transport;

/// <summary>
/// Native buffers for Linux's batched socket calls: <see cref="Capacity"/> slots, each a datagram buffer and a socket
/// address, described by an array of <c>struct mmsghdr</c> (a <c>struct msghdr</c> with one <c>struct iovec</c>, and
/// the byte count the kernel fills in), so one <c>recvmmsg(2)</c> or <c>sendmmsg(2)</c> moves up to
/// <see cref="Capacity"/> datagrams. Addresses are raw <c>sockaddr</c> bytes, the same bytes a .NET
/// <see cref="SocketAddress"/> holds. The layouts are those of 64-bit Linux (<see cref="IsSupported"/>). Nothing
/// here allocates after the constructor. Owned by one thread.
/// </summary>
internal sealed unsafe partial class MessageBatch : IDisposable
{
    public const int Capacity = 32;
    public const int DatagramBytes = 2048;

    // sockaddr_in6 is 28 bytes; 32 keeps the slots aligned.
    private const int AddressBytes = 32;
    private const int DontWait = 0x40;
    private const int WaitForOne = 0x10000;

    private readonly MultiMessageHeader* _headers;
    private readonly IoVector* _vectors;
    private readonly byte* _addresses;
    private readonly byte* _buffers;
    private bool _disposed;

    public MessageBatch()
    {
        _headers = (MultiMessageHeader*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(MultiMessageHeader)));
        _vectors = (IoVector*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(IoVector)));
        _addresses = (byte*)NativeMemory.AllocZeroed(Capacity * AddressBytes);
        _buffers = (byte*)NativeMemory.AllocZeroed(Capacity * DatagramBytes);
        for (var i = 0; i < Capacity; i++)
        {
            _vectors[i].Base = _buffers + (i * DatagramBytes);
            _headers[i].Message.Vectors = _vectors + i;
            _headers[i].Message.VectorCount = 1;
            _headers[i].Message.Name = _addresses + (i * AddressBytes);
        }
    }

    /// <summary>64-bit Linux, where the structures above match the kernel's and the calls exist.</summary>
    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess
        && RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64;

    /// <summary>Slots filled: datagrams received by the last <see cref="Receive"/>, or queued for <see cref="Send"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Receives what is waiting on <paramref name="socket"/>, at most <see cref="Capacity"/>: without
    /// blocking, or with <paramref name="wait"/> after waiting for the first datagram as long as the socket's receive
    /// timeout (<c>MSG_WAITFORONE</c>). The count, 0 when nothing came, or -1 on an error.</summary>
    public int Receive(Socket socket, bool wait)
    {
        for (var i = 0; i < Capacity; i++)
        {
            _vectors[i].Length = DatagramBytes;
            _headers[i].Message.NameLength = AddressBytes;
            _headers[i].Message.Flags = 0;
            _headers[i].Length = 0;
        }
        // The handle is held for the call, so a concurrent close cannot hand its number to another socket meanwhile.
        var handle = socket.SafeHandle;
        var added = false;
        int count;
        try
        {
            handle.DangerousAddRef(ref added);
            count = ReceiveMessages(handle.DangerousGetHandle(), _headers, Capacity, wait ? WaitForOne : DontWait, null);
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
        if (count < 0)
        {
            Count = 0;
            var error = Marshal.GetLastPInvokeError();
            // EAGAIN/EWOULDBLOCK (11) and EINTR (4): nothing waiting, not an error.
            return error is 11 or 4 ? 0 : -1;
        }
        Count = count;
        return count;
    }

    /// <summary>Datagram <paramref name="index"/> (received, or queued).</summary>
    public Span<byte> Datagram(int index) => new(_buffers + (index * DatagramBytes), (int)Math.Min(_headers[index].Length, DatagramBytes));

    /// <summary>Copies the source address of received datagram <paramref name="index"/> into <paramref name="address"/>
    /// (its family must match the socket's); false when it does not fit.</summary>
    public bool TryCopySource(int index, SocketAddress address)
    {
        var length = (int)_headers[index].Message.NameLength;
        var buffer = address.Buffer.Span;
        if (length <= 0 || length > AddressBytes || length > buffer.Length)
        {
            return false;
        }
        new ReadOnlySpan<byte>(_addresses + (index * AddressBytes), length).CopyTo(buffer);
        address.Size = length;
        return true;
    }

    /// <summary>Queues a copy of <paramref name="datagram"/> for <paramref name="destination"/>; false when the batch
    /// is full or the datagram or address does not fit a slot.</summary>
    public bool TryQueue(ReadOnlySpan<byte> datagram, SocketAddress destination)
    {
        if (Count == Capacity || datagram.Length > DatagramBytes || destination.Size > AddressBytes)
        {
            return false;
        }
        var i = Count++;
        datagram.CopyTo(new Span<byte>(_buffers + (i * DatagramBytes), DatagramBytes));
        _vectors[i].Length = (nuint)datagram.Length;
        _headers[i].Length = (uint)datagram.Length;
        destination.Buffer.Span[..destination.Size].CopyTo(new Span<byte>(_addresses + (i * AddressBytes), AddressBytes));
        _headers[i].Message.NameLength = (uint)destination.Size;
        return true;
    }

    /// <summary>Sends the queued datagrams on <paramref name="socket"/>, as few calls as the kernel allows (a datagram
    /// it refuses is skipped), and empties the batch. Returns the datagrams sent; <paramref name="bytes"/> their bytes.</summary>
    public int Send(Socket socket, out long bytes)
    {
        bytes = 0;
        var sent = 0;
        var next = 0;
        var handle = socket.SafeHandle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            // Each round moves next forward by at least one, so this ends within Count rounds.
            while (next < Count)
            {
                var n = SendMessages(handle.DangerousGetHandle(), _headers + next, (uint)(Count - next), 0);
                if (n <= 0)
                {
                    next++;
                    continue;
                }
                for (var i = next; i < next + n; i++)
                {
                    bytes += (long)_vectors[i].Length;
                }
                sent += n;
                next += n;
            }
        }
        finally
        {
            Count = 0;
            if (added)
            {
                handle.DangerousRelease();
            }
        }
        return sent;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        NativeMemory.Free(_headers);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_buffers);
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static partial int ReceiveMessages(nint socket, MultiMessageHeader* messages, uint count, int flags, void* timeout);

    [LibraryImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    private static partial int SendMessages(nint socket, MultiMessageHeader* messages, uint count, int flags);

    /// <summary><c>struct iovec</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary><c>struct msghdr</c> (64-bit Linux).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public byte* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary><c>struct mmsghdr</c>: the message and the bytes the kernel moved.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MultiMessageHeader
    {
        public MessageHeader Message;
        public uint Length;
    }
}
