using System.Buffers.Binary;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>
/// Batched receive for Linux: one <c>recvmmsg(2)</c> call (non-blocking) fills up to <see cref="Capacity"/> datagrams
/// and their IPv4 source addresses into native buffers that live as long as the batch, so a generator thread pays one
/// system call where <see cref="Socket.ReceiveFrom(Span{byte}, SocketFlags, System.Net.SocketAddress)"/> would pay
/// one per datagram (plus one to ask whether anything is waiting). The structures are the x86-64/arm64 Linux layouts
/// of <c>struct mmsghdr</c>, <c>msghdr</c>, <c>iovec</c> and <c>sockaddr_in</c>. Owned by one generator thread.
/// </summary>
internal sealed unsafe partial class ReceiveBatch : IDisposable
{
    public const int Capacity = 32;
    private const int DatagramBytes = 2048;
    private const int SockaddrInBytes = 16;
    private const int MsgDontWait = 0x40;

    private readonly MMsgHdr* _headers;
    private readonly IoVec* _vectors;
    private readonly byte* _addresses;
    private readonly byte* _buffers;

    public ReceiveBatch()
    {
        _headers = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(MMsgHdr)));
        _vectors = (IoVec*)NativeMemory.AllocZeroed((nuint)(Capacity * sizeof(IoVec)));
        _addresses = (byte*)NativeMemory.AllocZeroed(Capacity * SockaddrInBytes);
        _buffers = (byte*)NativeMemory.AllocZeroed(Capacity * DatagramBytes);
        for (var i = 0; i < Capacity; i++)
        {
            _vectors[i] = new IoVec { Base = _buffers + (i * DatagramBytes), Length = DatagramBytes };
            _headers[i].Header.Iov = _vectors + i;
            _headers[i].Header.IovLength = 1;
            _headers[i].Header.Name = _addresses + (i * SockaddrInBytes);
        }
    }

    /// <summary>True where the batched call exists; elsewhere the caller receives one datagram at a time.</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && (RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.Arm64);

    /// <summary>Receives what is waiting on <paramref name="socket"/>, at most <see cref="Capacity"/>; 0 when nothing
    /// is (or on an error, which the next readiness wait will show again).</summary>
    public int Receive(Socket socket)
    {
        for (var i = 0; i < Capacity; i++)
        {
            _headers[i].Header.NameLength = SockaddrInBytes;
            _headers[i].Length = 0;
        }
        var count = RecvMMsg((int)socket.SafeHandle.DangerousGetHandle(), _headers, Capacity, MsgDontWait, null);
        return count < 0 ? 0 : count;
    }

    /// <summary>Datagram <paramref name="index"/> of the last <see cref="Receive"/>, valid until the next one.</summary>
    public Span<byte> Datagram(int index) => new(_buffers + (index * DatagramBytes), (int)Math.Min(_headers[index].Length, DatagramBytes));

    /// <summary>The IPv4 source of datagram <paramref name="index"/> (sockaddr_in: family, port and address in network order).</summary>
    public bool TryGetSource(int index, out TransportAddress source)
    {
        var address = new ReadOnlySpan<byte>(_addresses + (index * SockaddrInBytes), SockaddrInBytes);
        if (_headers[index].Header.NameLength != SockaddrInBytes || BinaryPrimitives.ReadUInt16LittleEndian(address) != (ushort)AddressFamily.InterNetwork)
        {
            source = default;
            return false;
        }
        return TransportAddress.TryCreate(address.Slice(4, 4), BinaryPrimitives.ReadUInt16BigEndian(address[2..]), out source);
    }

    public void Dispose()
    {
        NativeMemory.Free(_headers);
        NativeMemory.Free(_vectors);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_buffers);
    }

    [LibraryImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    private static partial int RecvMMsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVec
    {
        public byte* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }
}
