namespace Jitsi.Net.Videobridge.Transport;

/// <summary>Where an endpoint's transport stands. A plain value; any thread.</summary>
internal enum TransportState
{
    /// <summary>Made; ICE not started.</summary>
    New,

    /// <summary>ICE checking, or ICE connected with the DTLS handshake (or fingerprint check) still running.</summary>
    Checking,

    /// <summary>A selected pair and SRTP keys from a verified DTLS handshake: media flows.</summary>
    Connected,

    /// <summary>ICE failed (no pair, consent lost) or DTLS failed or was closed; final.</summary>
    Failed,
}
