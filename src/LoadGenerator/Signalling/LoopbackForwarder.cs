using System.Net;
using Jitsi.Net.Videobridge;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.LoadGenerator.Signalling;

/// <summary>
/// The far end of a self-loop run: a Worker in the generator's own process, in the bridge's roles (ICE controlling,
/// DTLS actpass), that sends each RTP packet to every other endpoint of its room with the same SRTP work as the
/// bridge — unprotect once, protect per receiver — but no forwarding logic. What the generator then measures is its
/// own cost and latency floor. Room lists are owned by the forwarder's Worker thread.
/// </summary>
internal sealed class LoopbackForwarder : IMediaReceiver, IDisposable
{
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly Worker _worker;
    private readonly Dictionary<EndpointTransport, List<EndpointTransport>> _roomOf = [];
    private readonly Dictionary<int, List<EndpointTransport>> _rooms = [];
    private readonly byte[] _send = new byte[2048];

    public LoopbackForwarder(IPAddress address, ILogger logger)
    {
        var network = IPAddress.IsLoopback(address) ? "127.0.0.0/8" : new IPAddress([.. address.GetAddressBytes()[..3], 0]) + "/24";
        _worker = new Worker("self-loop", new WorkerOptions
        {
            Port = new UdpPortOptions
            {
                BindAddress = address.ToString(),
                Port = 0,
                LocalAddresses = [address.ToString()],
                AllowedRemoteNetworks = [network],
            },
        }, _certificate, TimeProvider.System, logger);
        _worker.Start();
    }

    public long Forwarded;

    /// <summary>A transport for the endpoint, placed in its room on the Worker thread, keyed with the endpoint's parameters.</summary>
    public RemoteDescription Add(LocalDescription local)
    {
        var transport = _worker.CreateEndpoint(local.EndpointId, this);
        _worker.Post(() =>
        {
            if (!_rooms.TryGetValue(local.RoomIndex, out var room))
            {
                room = [];
                _rooms[local.RoomIndex] = room;
            }
            room.Add(transport);
            _roomOf[transport] = room;
            transport.SetRemoteParameters(local.Ufrag, local.Pwd, local.Candidates, local.FingerprintHash, local.Fingerprint, DtlsSetup.Active);
        });
        var credentials = transport.LocalCredentials;
        return new RemoteDescription(credentials.Ufrag, credentials.Password, transport.LocalCandidates, transport.LocalFingerprintHash,
            transport.LocalFingerprint, transport.LocalSetup);
    }

    public void OnRtp(EndpointTransport transport, Span<byte> packet)
    {
        if (!_roomOf.TryGetValue(transport, out var room) || packet.Length + 64 > _send.Length)
        {
            return;
        }
        foreach (var to in room)
        {
            if (to == transport)
            {
                continue;
            }
            packet.CopyTo(_send);
            if (to.TrySendRtp(_send, packet.Length))
            {
                Forwarded++;
            }
        }
    }

    public void OnRtcp(EndpointTransport transport, Span<byte> packet)
    {
    }

    public void Dispose()
    {
        _worker.Dispose();
        _certificate.Dispose();
    }
}
