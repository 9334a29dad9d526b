namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>The state of a candidate pair (RFC 8445 §6.1.2.6). There is no Frozen state: the bridge has one
/// local base and one component, so every pair has its own foundation pair and starts Waiting.
/// A plain value; any thread.</summary>
internal enum IceCheckState
{
    Waiting,
    InProgress,
    Succeeded,
    Failed,
}
