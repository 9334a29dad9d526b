namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>RTCP packet type numbers (RFC 3550 §12.1, RFC 4585 §6.1) and the feedback message types (FMT)
/// the bridge reads. Constants only.</summary>
internal static class RtcpPacketType
{
    public const byte SenderReport = 200;
    public const byte ReceiverReport = 201;
    public const byte SourceDescription = 202;
    public const byte Bye = 203;
    public const byte App = 204;

    /// <summary>RTPFB, transport layer feedback (RFC 4585 §6.2).</summary>
    public const byte TransportFeedback = 205;

    /// <summary>PSFB, payload-specific feedback (RFC 4585 §6.3).</summary>
    public const byte PayloadFeedback = 206;

    public const int FmtGenericNack = 1;
    public const int FmtTransportWideCc = 15;
    public const int FmtPictureLossIndication = 1;
    public const int FmtFullIntraRequest = 4;
    public const int FmtApplicationLayer = 15;
}
