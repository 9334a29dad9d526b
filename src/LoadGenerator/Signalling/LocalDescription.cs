using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.LoadGenerator.Signalling;

/// <summary>What a simulated endpoint tells the bridge when it joins: room, id, its ICE and DTLS parameters (it is
/// always ICE controlled and DTLS active) and the SSRCs of its audio and video. Immutable; any thread.</summary>
internal sealed record LocalDescription(
    int RoomIndex,
    string EndpointId,
    bool FirstInRoom,
    string Ufrag,
    string Pwd,
    IReadOnlyList<IceCandidate> Candidates,
    string FingerprintHash,
    string Fingerprint,
    uint AudioSsrc,
    uint VideoSsrc);
