using Jitsi.Net.Videobridge.Transport.Dtls;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>RFC 5763 §5 and RFC 4145 §4: who sends the ClientHello for each setup pair.</summary>
public sealed class DtlsRoleTests
{
    public static TheoryData<string, string, string> Combinations() => new()
    {
        // remote,   local,     our role (or "conflict")
        { "Active", "ActPass", "Server" },   // we offered actpass, the browser answered active (the usual case)
        { "Passive", "ActPass", "Client" },
        { "Active", "Passive", "Server" },
        { "Passive", "Active", "Client" },
        { "ActPass", "Active", "Client" },   // the peer offered, we answered active
        { "ActPass", "Passive", "Server" },
        { "Active", "Active", "conflict" },
        { "Passive", "Passive", "conflict" },
        { "ActPass", "ActPass", "conflict" },
    };

    [Theory]
    [MemberData(nameof(Combinations))]
    public void RoleFor_MapsEverySetupPair(string remote, string local, string expected)
    {
        var remoteSetup = Enum.Parse<DtlsSetup>(remote);
        var localSetup = Enum.Parse<DtlsSetup>(local);

        if (expected == "conflict")
        {
            Assert.Throws<ArgumentException>(() => DtlsTransport.RoleFor(remoteSetup, localSetup));
        }
        else
        {
            Assert.Equal(Enum.Parse<DtlsRole>(expected), DtlsTransport.RoleFor(remoteSetup, localSetup));
        }
    }
}
