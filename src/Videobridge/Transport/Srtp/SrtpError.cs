namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>Why a packet was not protected or unprotected; the caller counts and drops. A plain value; any thread.</summary>
internal enum SrtpError
{
    None,

    /// <summary>Shorter than a header plus tag (and SRTCP index).</summary>
    TooShort,

    /// <summary>Not RTP/RTCP version 2, or header fields that run past the packet.</summary>
    Malformed,

    /// <summary>The caller's buffer has no room for the tag (and SRTCP index).</summary>
    BufferTooSmall,

    /// <summary>The authentication tag does not match (RFC 3711 §3.3 step 5, RFC 7714 §8.2).</summary>
    AuthenticationFailed,

    /// <summary>The index was already received (RFC 3711 §3.3.2).</summary>
    Replayed,

    /// <summary>The index is behind the replay window.</summary>
    TooOld,

    /// <summary>A new SSRC arrived while the context already tracks its maximum number of SSRCs.</summary>
    SsrcLimit,

    /// <summary>The packet index space of the keys is used up (ROC or SRTCP index would wrap, RFC 3711 §9.2).</summary>
    IndexExhausted,
}
