using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.LoadGenerator.Signalling;

/// <summary>What a simulated endpoint tells the bridge when it joins: room, its place in the room, id, whether it
/// sends, its ICE and DTLS parameters (DTLS always active) and the SSRCs of its audio and video (the video encodings in SIM order, each with its RTX SSRC). Immutable; any thread.</summary>
internal sealed record LocalDescription(
    int RoomIndex,
    int Participant,
    string EndpointId,
    bool FirstInRoom,
    bool Sends,
    string Ufrag,
    string Pwd,
    IReadOnlyList<IceCandidate> Candidates,
    string FingerprintHash,
    string Fingerprint,
    uint AudioSsrc,
    IReadOnlyList<uint> VideoSsrcs,
    IReadOnlyList<uint> RtxSsrcs);
