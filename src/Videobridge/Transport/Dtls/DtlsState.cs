namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>The life of one <see cref="DtlsTransport"/>. Written by the handshake thread (and by
/// <see cref="DtlsTransport.Close"/>), read from any thread.</summary>
internal enum DtlsState
{
    /// <summary>Made, <see cref="DtlsTransport.Start"/> not called yet.</summary>
    New,

    /// <summary>The handshake is running.</summary>
    Handshaking,

    /// <summary>The handshake finished but the peer certificate is not yet checked against the signalled
    /// fingerprint (RFC 5763 §5): no keys are handed out in this state.</summary>
    AwaitingFingerprint,

    /// <summary>Handshake done and the peer certificate matches the fingerprint; the keys were handed out.</summary>
    Connected,

    /// <summary>Handshake failed, timed out, or the fingerprint did not match or never came.</summary>
    Failed,

    /// <summary>Closed by either side.</summary>
    Closed,
}
