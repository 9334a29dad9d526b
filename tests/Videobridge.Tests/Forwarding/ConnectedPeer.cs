using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Tests.Transport.Srtp;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Ice;
using Jitsi.Net.Videobridge.Transport.Srtp;
using GenericNack = Jitsi.Net.Videobridge.Rtcp.GenericNack;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary>A receiving endpoint's transport connected to a real loopback socket peer with shared SRTP keys: what the
/// conference's packet path sends it can be read back decrypted, and it can send the bridge NACKs.</summary>
internal sealed class ConnectedPeer : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly Worker _worker;
    private readonly SocketPeer _peer = new();
    private readonly SrtpContext _peerReceive;
    private readonly SrtpContext _peerSend;

    public ConnectedPeer(Worker worker, EndpointMedia receiver, string id, SrtpProtectionProfile profile = SrtpProtectionProfile.AeadAes128Gcm)
    {
        _worker = worker;
        var transport = worker.CreateEndpoint(id, receiver);
        receiver.Transport = transport;
        worker.RunPosted();
        (_peerSend, _peerReceive) = SharedSrtpKeys.Install(transport, profile);
        _peer.Signal(worker, transport);
        Assert.True(_peer.PumpUntil(worker, () => transport.State == TransportState.Connected && _peer.Agent.State == IceState.Connected, Bound));
    }

    /// <summary>Pumps until <paramref name="count"/> more datagrams arrived; returns them decrypted (as SRTCP when
    /// <paramref name="rtcp"/>).</summary>
    public byte[][] Receive(int count, bool rtcp = false)
    {
        Assert.True(_peer.PumpUntil(_worker, () => _peer.Received.Count >= count, Bound));
        var plain = _peer.Received.Take(count).Select(datagram =>
        {
            var length = 0;
            Assert.True(rtcp ? _peerReceive.TryUnprotectRtcp(datagram, out length, out _) : _peerReceive.TryUnprotectRtp(datagram, out length, out _));
            return datagram[..length];
        }).ToArray();
        _peer.Received.RemoveRange(0, count);
        return plain;
    }

    /// <summary>Pumps until <paramref name="count"/> more datagrams arrived; returns them as they came (SRTP), none
    /// of them seen by the receiving SRTP context yet — a test can treat any of them as lost.</summary>
    public byte[][] ReceiveRaw(int count)
    {
        Assert.True(_peer.PumpUntil(_worker, () => _peer.Received.Count >= count, Bound));
        var raw = _peer.Received.Take(count).Select(datagram => datagram.ToArray()).ToArray();
        _peer.Received.RemoveRange(0, count);
        return raw;
    }

    /// <summary>Decrypts one SRTP datagram with the receiving context (false for a replayed or forged one).</summary>
    public bool TryUnprotect(byte[] datagram, out byte[] plain)
    {
        var copy = datagram.ToArray();
        var ok = _peerReceive.TryUnprotectRtp(copy, out var length, out _);
        plain = ok ? copy[..length] : [];
        return ok;
    }

    /// <summary>A generic NACK from <paramref name="receiver"/> for one sequence number of <paramref name="ssrc"/>.</summary>
    public static void Nack(ConferenceRouter router, EndpointMedia receiver, uint ssrc, ushort sequenceNumber)
    {
        var nack = new byte[64];
        Assert.True(GenericNack.TryWrite(nack, 0xAAAA, ssrc, [sequenceNumber], out var length));
        router.OnRtcp(receiver, nack.AsSpan(0, length));
    }

    public void Dispose()
    {
        _peer.Dispose();
        _peerReceive.Dispose();
        _peerSend.Dispose();
    }
}
