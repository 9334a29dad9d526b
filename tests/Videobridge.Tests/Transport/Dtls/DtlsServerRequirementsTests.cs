using Jitsi.Net.Videobridge.Transport.Dtls;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>What our server insists on from any client: a certificate (RFC 5763 §5), the extended master secret
/// (RFC 7627 §5.3) and use_srtp (RFC 5764 §4.1).</summary>
public sealed class DtlsServerRequirementsTests
{
    [Theory]
    [InlineData(false, true, "the peer sent no certificate")]
    [InlineData(true, false, "handshake_failure")]
    public async Task ClientMissingARequirement_IsRefused(bool presentCertificate, bool useExtendedMasterSecret, string reason)
    {
        using var certificate = DtlsCertificate.Generate("client");
        var client = new BcTestClient(certificate, presentCertificate: presentCertificate, useExtendedMasterSecret: useExtendedMasterSecret);
        using var session = new BcClientSession(client, certificate);

        Assert.Contains(reason, await session.Server.WaitFailedAsync());
        await Assert.ThrowsAnyAsync<IOException>(() => session.Connect.WaitAsync(DtlsEndpoint.EventTimeout));
        Assert.False(session.Server.Connected.IsCompleted);
        Assert.Equal(1, session.Server.Transport.Counters.HandshakeAlerts);
    }

    [Fact]
    public async Task ClientOfferingBothRequirements_Connects()
    {
        using var certificate = DtlsCertificate.Generate("client");
        var client = new BcTestClient(certificate);
        using var session = new BcClientSession(client, certificate);

        var transport = await session.Connect.WaitAsync(DtlsEndpoint.EventTimeout);
        var keys = await session.Server.WaitConnectedAsync();

        Assert.Equal(client.KeyingMaterial, keys.KeyingMaterial);
        transport.Close();
        await session.Server.Closed.WaitAsync(DtlsEndpoint.EventTimeout);
    }
}
