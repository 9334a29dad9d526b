using System.Net;
using Jitsi.Net.Videobridge.Transport;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Ice;
using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>Where the simulated endpoints live and how their transports run: the address their sockets bind to (and
/// signal as their one host candidate), the networks they may talk to, and DTLS offering exactly one SRTP protection
/// profile so that every bridge under test runs the same cipher. Immutable; any thread.</summary>
internal sealed record GeneratorNetwork(IPAddress LocalAddress, AllowedNetworks Allowed, EndpointTransportOptions TransportOptions)
{
    /// <summary>Endpoints on <paramref name="localAddress"/>, allowed to talk to loopback and the /24 around it,
    /// DTLS active (they answer, or offer with a fixed role) with <paramref name="profile"/> only.</summary>
    public static GeneratorNetwork For(IPAddress localAddress, SrtpProtectionProfile profile)
    {
        var bytes = localAddress.GetAddressBytes();
        var networks = new List<string> { "127.0.0.0/8" };
        if (!IPAddress.IsLoopback(localAddress))
        {
            networks.Add(new IPAddress([bytes[0], bytes[1], bytes[2], 0]) + "/24");
        }
        var options = new EndpointTransportOptions
        {
            IceRole = IceRole.Controlled,
            LocalSetup = DtlsSetup.Active,
            Dtls = DtlsOptions.Default with { Profiles = [profile] },
        };
        return new GeneratorNetwork(localAddress, AllowedNetworks.Parse(networks), options);
    }
}
