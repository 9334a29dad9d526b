namespace Jitsi.Net.Videobridge.Transport;

/// <summary>Tells STUN, DTLS and SRTP/SRTCP apart on one port by the first byte (RFC 7983 §7), and RTCP from RTP
/// by the second (RFC 5761 §4: with RTP and RTCP multiplexed, RTCP packet types 192–223 are not used as RTP
/// payload types). Stateless; any thread.</summary>
/// <remarks>
/// <code>
///                  +----------------+
///                  |        [0..3] -+--> forward to STUN
///                  |                |
///                  |      [16..19] -+--> forward to ZRTP
///                  |                |
///      packet -->  |      [20..63] -+--> forward to DTLS
///                  |                |
///                  |      [64..79] -+--> forward to TURN Channel
///                  |                |
///                  |    [128..191] -+--> forward to RTP/RTCP
///                  +----------------+
/// </code>
/// </remarks>
internal static class PacketDemultiplexer
{
    public static PacketKind Classify(ReadOnlySpan<byte> datagram)
    {
        if (datagram.IsEmpty)
        {
            return PacketKind.Unknown;
        }
        return datagram[0] switch
        {
            <= 3 => PacketKind.Stun,
            >= 20 and <= 63 => PacketKind.Dtls,
            >= 128 and <= 191 when datagram.Length >= 2 => datagram[1] is >= 192 and <= 223 ? PacketKind.Rtcp : PacketKind.Rtp,
            _ => PacketKind.Unknown,
        };
    }
}
