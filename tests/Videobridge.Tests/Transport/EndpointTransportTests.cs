using System.Security.Cryptography;
using Jitsi.Net.Videobridge.Tests.Transport.Ice;
using Jitsi.Net.Videobridge.Tests.Transport.Srtp;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;
using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Videobridge.Tests.Transport;

/// <summary>An endpoint transport on the Worker's packet path, driven on the test thread against a peer on a loopback socket, with SRTP keys
/// shared out of band (the test seam): what is dropped before connection, where media goes, and that the steady
/// state allocates nothing.</summary>
public sealed class EndpointTransportTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly Worker _worker;
    private readonly SocketPeer _peer = new();
    private readonly CountingReceiver _receiver = new();
    private readonly EndpointTransport _endpoint;
    private readonly SrtpContext _peerSend;
    private readonly SrtpContext _peerReceive;

    public EndpointTransportTests()
    {
        _worker = new Worker("bridge", WorkerHarness.LoopbackOptions(), _certificate);
        _endpoint = _worker.CreateEndpoint("endpoint-1", _receiver);
        _worker.RunPosted();
        (_peerSend, _peerReceive) = SharedSrtpKeys.Install(_endpoint);
    }

    public void Dispose()
    {
        _worker.Dispose();
        _peer.Dispose();
        _peerSend.Dispose();
        _peerReceive.Dispose();
        _certificate.Dispose();
    }

    [Fact]
    public void BeforeIceConnects_NoMediaIsSentOrAccepted()
    {
        // An authentic check pairs the peer's address, but no check of ours has validated it yet.
        _worker.OnDatagram(IceChecks.Request(_endpoint.LocalCredentials.Ufrag, _endpoint.LocalCredentials.Password), _peer.Address);
        Assert.Equal(TransportState.Checking, _endpoint.State);

        _worker.OnDatagram(SrtpPackets.ProtectRtp(_peerSend, SrtpPackets.Rtp(5, 1, 100)), _peer.Address);
        _worker.OnDatagram(new byte[] { 22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1 }, _peer.Address);
        var packet = new byte[200];
        SrtpPackets.Rtp(6, 1, 100).CopyTo(packet, 0);

        Assert.False(_endpoint.TrySendRtp(packet, 112));
        Assert.Equal(1, _worker.Counters.DroppedMediaNotSelected);
        Assert.Equal(1, _worker.Counters.DroppedDtlsNotSelected);
        Assert.Equal(1, _worker.Counters.SendDroppedNotConnected);
        Assert.Equal(0, _receiver.RtpCount);
    }

    [Fact]
    public void Connected_MediaFlowsToTheSelectedPair_AndTheSteadyStateAllocatesNothing()
    {
        _peer.Signal(_worker, _endpoint);
        Assert.True(_peer.PumpUntil(_worker, () => _endpoint.State == TransportState.Connected && _peer.Agent.State == IceState.Connected, Bound));
        Assert.Equal(_peer.Address, _endpoint.Ice.SelectedPair!.Remote);
        var incoming = Enumerable.Range(0, 200).Select(i => SrtpPackets.ProtectRtp(_peerSend, SrtpPackets.Rtp(7, (ushort)i, 1000))).ToArray();
        var check = IceChecks.Request(_endpoint.LocalCredentials.Ufrag, _endpoint.LocalCredentials.Password, remoteUfrag: _peer.Agent.Local.Ufrag);
        var outgoing = new byte[1500];
        var plain = SrtpPackets.Rtp(8, 0, 200);

        RunPacketPath(0, 100, incoming, check, outgoing, plain);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RunPacketPath(100, 200, incoming, check, outgoing, plain);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(200, _receiver.RtpCount);
        Assert.Equal(200, _worker.Counters.RtpSent);
        Assert.Equal(200, _endpoint.PacketsReceived);
        Assert.Equal(200, _endpoint.PacketsSent);
        Assert.Equal(incoming.Sum(p => (long)p.Length), _endpoint.BytesReceived);
        Assert.Equal(0, _worker.Counters.SrtpAuthenticationFailed);
        // What the peer's socket buffer held of the burst arrived on the selected pair, and decrypts.
        Assert.True(_peer.PumpUntil(_worker, () => _peer.Received.Count > 0, Bound));
        foreach (var datagram in _peer.Received)
        {
            Assert.True(_peerReceive.TryUnprotectRtp(datagram, out var plainLength, out _));
            Assert.Equal(plain.AsSpan(12).ToArray(), datagram.AsSpan(12, plainLength - 12).ToArray());
        }
    }

    [Fact]
    public void RemoteSetup_ThatNamesNoDtlsClient_FailsTheTransport()
    {
        _endpoint.SetRemoteParameters(_peer.Agent.Local.Ufrag, _peer.Agent.Local.Password, [], DtlsCertificate.FingerprintHash,
            _certificate.Sha256Fingerprint, DtlsSetup.ActPass);

        Assert.Equal(TransportState.Failed, _endpoint.State);
        Assert.Equal(1, _worker.Counters.DtlsFailures);
        Assert.Null(_endpoint.Dtls);
    }

    private void RunPacketPath(int from, int to, byte[][] incoming, byte[] check, byte[] outgoing, byte[] plain)
    {
        for (var i = from; i < to; i++)
        {
            _worker.OnDatagram(incoming[i], _peer.Address);
            _worker.OnDatagram(check, _peer.Address);
            plain.CopyTo(outgoing, 0);
            outgoing[2] = (byte)(i >> 8);
            outgoing[3] = (byte)i;
            Assert.True(_endpoint.TrySendRtp(outgoing, plain.Length));
        }
    }

    /// <summary>Counts without keeping anything, so the measurement sees only the Worker's own allocations.</summary>
    private sealed class CountingReceiver : IMediaReceiver
    {
        public int RtpCount;
        public int RtcpCount;

        public void OnRtp(EndpointTransport transport, Span<byte> packet) => RtpCount++;

        public void OnRtcp(EndpointTransport transport, Span<byte> packet) => RtcpCount++;
    }
}
