namespace Jitsi.Net.Videobridge.Transport;

/// <summary>What a datagram on the bridge's port carries, from its first byte (RFC 7983 §7). A plain value; any thread.</summary>
internal enum PacketKind
{
    /// <summary>Empty, or a first byte no protocol on this port uses (TURN channels, ZRTP, QUIC): dropped and counted.</summary>
    Unknown,

    /// <summary>0–3.</summary>
    Stun,

    /// <summary>20–63.</summary>
    Dtls,

    /// <summary>128–191, payload type outside 192–223.</summary>
    Rtp,

    /// <summary>128–191 with a second byte in 192–223 (RFC 5761 §4): SR, RR, SDES, BYE, APP, RTPFB, PSFB, XR…</summary>
    Rtcp,
}
