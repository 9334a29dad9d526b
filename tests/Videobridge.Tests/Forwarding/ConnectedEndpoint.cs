using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Tests.Transport.Srtp;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;
using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary>A loopback Worker with one endpoint's transport connected to a real socket peer (ICE done, SRTP keys
/// shared), so a test reads what the bridge sends that endpoint; the other endpoints get unconnected transports.</summary>
internal sealed class ConnectedEndpoint : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();

    public ConnectedEndpoint(EndpointMedia connected, params EndpointMedia[] others)
    {
        Worker = new Worker("bridge", WorkerHarness.LoopbackOptions(), _certificate);
        var transport = Worker.CreateEndpoint(connected.Endpoint.Id, connected);
        connected.Transport = transport;
        foreach (var other in others)
        {
            other.Transport = Worker.CreateEndpoint(other.Endpoint.Id, other);
        }
        Worker.RunPosted();
        (PeerSend, PeerReceive) = SharedSrtpKeys.Install(transport);
        Peer.Signal(Worker, transport);
        Assert.True(Peer.PumpUntil(Worker, () => transport.State == TransportState.Connected && Peer.Agent.State == IceState.Connected, Bound));
    }

    public Worker Worker { get; }

    public SocketPeer Peer { get; } = new();

    public SrtpContext PeerSend { get; }

    public SrtpContext PeerReceive { get; }

    /// <summary>Runs the Worker and the peer until <paramref name="condition"/> holds (at most <see cref="Bound"/>).</summary>
    public bool PumpUntil(Func<bool> condition) => Peer.PumpUntil(Worker, condition, Bound);

    public void Dispose()
    {
        Worker.Dispose();
        Peer.Dispose();
        PeerReceive.Dispose();
        PeerSend.Dispose();
        _certificate.Dispose();
    }
}
