using System.Collections.Concurrent;
using Jitsi.Net.Videobridge;
using Jitsi.Net.Videobridge.Rtcp;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Interop.Tests.Media;

/// <summary>
/// A test-only endpoint on a real bridge Worker (UDP on 127.0.0.1, ICE, DTLS, SRTP) that sends each peer its own
/// media back: RTP from the peer's audio/video SSRCs is rewritten to the SSRCs the bridge's offer announced and
/// re-encrypted; a PLI/FIR the peer sends for the bridge's video SSRC is turned into a PLI for the peer's own video,
/// so key frames come. Decoding its own camera proves SRTP works in both directions.
/// </summary>
internal sealed class EchoBridge : IMediaReceiver, IDisposable
{
    public const uint AudioSsrc = 0x1111_0001;
    public const uint VideoSsrc = 0x2222_0002;
    public const uint VideoRtxSsrc = 0x2222_0003;

    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly byte[] _scratch = new byte[1600];
    private readonly ConcurrentDictionary<EndpointTransport, (uint Audio, uint Video, uint? Rtx)> _peers = new();

    public EchoBridge()
    {
        Worker = new Worker("echo", new WorkerOptions
        {
            Port = new UdpPortOptions
            {
                BindAddress = "127.0.0.1",
                Port = 0,
                LocalAddresses = ["127.0.0.1"],
                AllowedRemoteNetworks = ["127.0.0.0/8", "::1/128"],
            },
        }, _certificate);
        Worker.Start();
    }

    public Worker Worker { get; }

    public long RtpEchoed;

    /// <summary>The SRTP profile each endpoint's DTLS handshake negotiated.</summary>
    public ConcurrentDictionary<EndpointTransport, Jitsi.Net.Videobridge.Transport.Srtp.SrtpProtectionProfile> Profiles { get; } = new();

    public long RtcpReceived;

    public string Fingerprint => _certificate.Sha256Fingerprint;

    /// <summary>A new endpoint and the offer that describes it.</summary>
    public (EndpointTransport Transport, string Offer) CreateEndpoint(string id)
    {
        var transport = Worker.CreateEndpoint(id, this);
        var candidate = transport.LocalCandidates[0];
        var offer = PlainSdp.Offer(new BridgeOffer(transport.LocalCredentials.Ufrag, transport.LocalCredentials.Password, transport.LocalFingerprint,
            candidate.EndPoint.Address.ToString(), candidate.EndPoint.Port, AudioSsrc, VideoSsrc, VideoRtxSsrc));
        return (transport, offer);
    }

    /// <summary>Applies the peer's answer on the Worker thread.</summary>
    public void Answer(EndpointTransport transport, PeerAnswer answer, uint? peerRtxSsrc = null)
    {
        _peers[transport] = (answer.AudioSsrc ?? 0, answer.VideoSsrc ?? 0, peerRtxSsrc);
        var candidates = answer.Candidates.Select(c => new IceCandidate(c.Foundation, c.Priority,
            new System.Net.IPEndPoint(System.Net.IPAddress.Parse(c.Address), c.Port), IceCandidateType.Host)).ToList();
        var setup = answer.Setup switch
        {
            "passive" => DtlsSetup.Passive,
            "actpass" => DtlsSetup.ActPass,
            _ => DtlsSetup.Active,
        };
        Worker.Post(() =>
        {
            transport.SetRemoteParameters(answer.Ufrag, answer.Pwd, candidates, answer.FingerprintHash, answer.Fingerprint, setup);
            // Subscribed in the same Worker step that starts DTLS, so the handshake cannot finish unseen.
            if (transport.Dtls is { } dtls)
            {
                dtls.Connected += keys => Profiles[transport] = keys.Profile;
            }
        });
    }

    public void OnRtp(EndpointTransport transport, Span<byte> packet)
    {
        if (!_peers.TryGetValue(transport, out var peer) || !RtpPacket.TryParse(packet, out var rtp))
        {
            return;
        }
        uint ssrc = rtp.Ssrc == peer.Audio ? AudioSsrc : rtp.Ssrc == peer.Video ? VideoSsrc : rtp.Ssrc == peer.Rtx ? VideoRtxSsrc : 0;
        if (ssrc == 0 || packet.Length + 32 > _scratch.Length)
        {
            return;
        }
        packet.CopyTo(_scratch);
        RtpPacket.WriteSsrc(_scratch, ssrc);
        if (transport.TrySendRtp(_scratch, packet.Length))
        {
            Interlocked.Increment(ref RtpEchoed);
        }
    }

    public void OnRtcp(EndpointTransport transport, Span<byte> packet)
    {
        Interlocked.Increment(ref RtcpReceived);
        if (!_peers.TryGetValue(transport, out var peer))
        {
            return;
        }
        var compound = new RtcpCompound(packet);
        var wantsKeyFrame = false;
        while (compound.TryReadNext(out var header, out var one))
        {
            // RFC 4585 §6.3.1 PLI (PSFB fmt 1) or RFC 5104 §4.3.1 FIR (fmt 4) for the stream we send.
            if (header.PacketType == 206 && header.Count is 1 or 4)
            {
                wantsKeyFrame = true;
            }
        }
        if (!wantsKeyFrame)
        {
            return;
        }
        var pli = new PictureLossIndication(VideoSsrc, peer.Video);
        if (pli.TryWrite(_scratch, out var written))
        {
            transport.TrySendRtcp(_scratch, written);
        }
    }

    public void Dispose()
    {
        Worker.Dispose();
        _certificate.Dispose();
    }
}
