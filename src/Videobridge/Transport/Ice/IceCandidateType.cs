namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>Candidate types with their recommended type preferences (RFC 8445 §5.1.2.2). A plain value; any thread.</summary>
internal enum IceCandidateType
{
    Host = 126,
    PeerReflexive = 110,
    ServerReflexive = 100,
    Relayed = 0,
}
