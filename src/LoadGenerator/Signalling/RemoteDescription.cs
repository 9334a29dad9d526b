using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.LoadGenerator.Signalling;

/// <summary>The bridge side of one endpoint's transport, as the signalling returned it. Immutable; any thread.</summary>
internal sealed record RemoteDescription(
    string Ufrag,
    string Pwd,
    IReadOnlyList<IceCandidate> Candidates,
    string FingerprintHash,
    string Fingerprint,
    DtlsSetup Setup);
