using System.Net;
using System.Net.Sockets;
using Jitsi.Net.Videobridge.Tests.Transport.Ice;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Tests.Transport;

/// <summary>The port on 127.0.0.1: candidates from configuration, sends refused outside the allow-list, a round trip.</summary>
public sealed class UdpPortTests
{
    private static UdpPortOptions Options(string? publicAddress = null) => new()
    {
        BindAddress = "127.0.0.1",
        Port = 0,
        PublicAddress = publicAddress,
        AllowedRemoteNetworks = ["127.0.0.0/8"],
        SocketBufferBytes = 64 * 1024,
    };

    [Fact]
    public void Candidates_AreTheBindAddressAndTheStaticallyMappedPublicOne()
    {
        using var port = new UdpPort(Options("203.0.113.10"), new TransportCounters());

        Assert.Collection(port.LocalCandidates,
            host =>
            {
                Assert.Equal(IceCandidateType.Host, host.Type);
                Assert.Equal(new IPEndPoint(IPAddress.Loopback, port.LocalEndPoint.Port), host.EndPoint);
            },
            mapped =>
            {
                Assert.Equal(IceCandidateType.ServerReflexive, mapped.Type);
                Assert.Equal(IPEndPoint.Parse($"203.0.113.10:{port.LocalEndPoint.Port}"), mapped.EndPoint);
                Assert.Equal(port.LocalCandidates[0].EndPoint, mapped.RelatedEndPoint);
                Assert.True(mapped.Priority < port.LocalCandidates[0].Priority);
            });
    }

    [Fact]
    public void WorkerPorts_FollowTheBasePort()
    {
        Assert.Equal(10002, new UdpPortOptions().ForWorker(2).Port);
        Assert.Equal(0, Options().ForWorker(3).Port);
    }

    [Fact]
    public void Send_OutsideTheAllowedNetworks_IsRefused_AndInsideArrives()
    {
        var counters = new TransportCounters();
        using var port = new UdpPort(Options(), counters);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var peerAddress = TransportAddress.FromEndPoint((IPEndPoint)peer.LocalEndPoint!);

        Assert.False(port.TrySend([1, 2, 3], IceTestNetwork.Address("192.0.2.1:9")));
        Assert.True(port.TrySend([4, 5, 6], peerAddress));
        var buffer = new byte[16];
        Assert.Equal(3, peer.Receive(buffer));
        Assert.Equal(new byte[] { 4, 5, 6 }, buffer[..3]);
        peer.SendTo(new byte[] { 7, 8 }, port.LocalEndPoint);
        Assert.True(port.Poll(TimeSpan.FromSeconds(5)));

        Assert.Equal(2, port.Receive(buffer, out var source));
        Assert.Equal(peerAddress, source);
        Assert.Equal(new byte[] { 7, 8 }, buffer[..2]);
        Assert.Equal(1, counters.SendRefusedNotAllowed);
        Assert.Equal(1, counters.DatagramsSent);
        Assert.Equal(1, counters.DatagramsReceived);
    }
}
