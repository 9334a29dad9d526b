namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>Whether a peer certificate matches the signalled fingerprint yet. Plain value; any thread.</summary>
internal enum DtlsFingerprintResult
{
    /// <summary>No fingerprint signalled yet: decide later (RFC 5763 §5 allows the handshake to finish first).</summary>
    Unknown,
    Match,
    Mismatch,
}
