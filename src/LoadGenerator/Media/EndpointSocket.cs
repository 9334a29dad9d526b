using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>
/// One simulated endpoint's own UDP socket on the generator's address (127.0.0.1, or the generator's side of a
/// network namespace pair). It must be its own: a bridge tells endpoints apart by their remote address, so endpoints
/// sharing a socket would look like one. Receives with one reused <see cref="SocketAddress"/> and sends through a
/// <see cref="SocketAddress"/> made once per destination, so a datagram costs no allocation; sends only to the
/// allowed networks. Owned by its generator Worker thread.
/// </summary>
internal sealed class EndpointSocket : IDisposable
{
    private const int SocketBufferBytes = 1024 * 1024;

    private readonly SocketAddress _receiveAddress;
    private readonly Dictionary<TransportAddress, SocketAddress?> _sendAddresses = [];
    private readonly AllowedNetworks _allowed;

    public EndpointSocket(IPAddress localAddress, AllowedNetworks allowed)
    {
        _allowed = allowed;
        Socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = SocketBufferBytes,
            SendBufferSize = SocketBufferBytes,
        };
        Socket.Bind(new IPEndPoint(localAddress, 0));
        LocalEndPoint = (IPEndPoint)Socket.LocalEndPoint!;
        _receiveAddress = new SocketAddress(AddressFamily.InterNetwork);
        Candidates = [new IceCandidate("1", IceCandidate.ComputePriority(IceCandidateType.Host, ushort.MaxValue), LocalEndPoint, IceCandidateType.Host)];
    }

    public Socket Socket { get; }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The one host candidate the endpoint signals.</summary>
    public IReadOnlyList<IceCandidate> Candidates { get; }

    public Jitsi.Net.Videobridge.Transport.EndpointTransport? Transport { get; set; }

    /// <summary>While set (during a send tick), sends are queued here and go out with one <c>sendmmsg</c>.</summary>
    public SendBatch? Batch { get; set; }

    /// <summary>One datagram if one is waiting: its length, or -1 (nothing waiting, an error, an odd address).</summary>
    public int TryReceive(Span<byte> buffer, out TransportAddress source)
    {
        source = default;
        int length;
        try
        {
            length = Socket.Available > 0 ? Socket.ReceiveFrom(buffer, SocketFlags.None, _receiveAddress) : -1;
        }
        catch (SocketException)
        {
            length = -1;
        }
        return length >= 0 && TransportAddress.TryFromSocketAddress(_receiveAddress, out source) ? length : -1;
    }

    /// <summary>The transport's <see cref="DatagramSend"/>: destinations in the allowed networks only; never throws.</summary>
    public bool TrySend(ReadOnlySpan<byte> datagram, in TransportAddress destination)
    {
        if (!destination.IsIPv4 || !_allowed.Contains(destination))
        {
            return false;
        }
        ref var address = ref CollectionsMarshal.GetValueRefOrAddDefault(_sendAddresses, destination, out _);
        address ??= destination.ToEndPoint().Serialize();
        if (Batch is { } batch && batch.Queue(Socket, datagram, address))
        {
            return true;
        }
        try
        {
            return Socket.SendTo(datagram, SocketFlags.None, address) == datagram.Length;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => Socket.Dispose();
}
