namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>Endpoint capability names (PROTOCOL.md §3.3); <see cref="SourceNames"/> is mandatory on create.</summary>
public static class Colibri2Capability
{
    public const string SourceNames = "source-names";
    public const string SsrcRewriting = "ssrc-rewriting";

    /// <summary>Only together with <see cref="SsrcRewriting"/>.</summary>
    public const string RtpMidDemux = "rtp-mid-demux";

    /// <summary>Advertise RFC 1918 host candidates (Jicofo sets it for jigasi/jibri).</summary>
    public const string PrivateAddressConnectivity = "private-address-connectivity";
}
