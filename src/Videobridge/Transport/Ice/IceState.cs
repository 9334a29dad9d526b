namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>Where an ICE agent stands. A plain value; any thread.</summary>
internal enum IceState
{
    /// <summary>Created, not started.</summary>
    New,

    /// <summary>Started; answering and sending checks, nothing selected yet.</summary>
    Checking,

    /// <summary>A pair is selected (validated and nominated); media may flow on it.</summary>
    Connected,

    /// <summary>No pair in time, or consent lost (RFC 7675 §5.1); final.</summary>
    Failed,
}
