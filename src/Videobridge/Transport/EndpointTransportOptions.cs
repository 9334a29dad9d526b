using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Transport;

/// <summary>How every endpoint transport of a Worker runs ICE and DTLS. Immutable; any thread.</summary>
internal sealed record EndpointTransportOptions
{
    public IceAgentOptions Ice { get; init; } = new();

    public DtlsOptions Dtls { get; init; } = DtlsOptions.Default;

    /// <summary>The bridge offers, so it starts controlling (RFC 8445 §6.1.1).</summary>
    public IceRole IceRole { get; init; } = IceRole.Controlling;

    /// <summary>An offerer says actpass (RFC 5763 §5); the answer picks the DTLS roles.</summary>
    public DtlsSetup LocalSetup { get; init; } = DtlsSetup.ActPass;
}
