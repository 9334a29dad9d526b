using Jitsi.Net.Videobridge.Transport.Dtls;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>RFC 5763 §5: the peer certificate is authenticated only by the signalled fingerprint, which may
/// arrive before or after the handshake; no keys until it matched.</summary>
public sealed class DtlsFingerprintTests
{
    [Fact]
    public async Task FingerprintBeforeTheHandshake_ConnectsBothSides()
    {
        using var link = new DtlsLink();

        var (clientKeys, serverKeys) = await link.ConnectAsync();

        Assert.Equal(clientKeys.KeyingMaterial, serverKeys.KeyingMaterial);
    }

    [Fact]
    public async Task FingerprintAfterTheHandshake_ConnectsOnlyOnceItArrives()
    {
        using var link = new DtlsLink();
        await link.StartWithServerFingerprintPendingAsync();

        Assert.Equal(DtlsState.AwaitingFingerprint, link.Server.Transport.State);
        Assert.False(link.Server.Connected.IsCompleted);

        link.Server.Transport.SetRemoteFingerprint("SHA-256", link.Client.Certificate.Sha256Fingerprint.ToLowerInvariant());

        var keys = await link.Server.WaitConnectedAsync();
        Assert.Equal((await link.Client.Connected).KeyingMaterial, keys.KeyingMaterial);
        Assert.Equal(DtlsState.Connected, link.Server.Transport.State);
    }

    [Fact]
    public async Task MismatchKnownBeforeTheHandshake_FailsWithBadCertificate_AndNoKeys()
    {
        using var other = DtlsCertificate.Generate();
        using var link = new DtlsLink();
        link.TellClientTheServerFingerprint();
        link.Server.Transport.SetRemoteFingerprint(DtlsCertificate.FingerprintHash, other.Sha256Fingerprint);
        link.Start();

        Assert.Contains("fingerprint mismatch", await link.Server.WaitFailedAsync());
        Assert.Contains("bad_certificate", await link.Client.WaitFailedAsync());
        Assert.False(link.Server.Connected.IsCompleted);
        Assert.False(link.Client.Connected.IsCompleted);
        Assert.Equal(1, link.Server.Transport.Counters.FingerprintMismatches);
        Assert.Equal(DtlsState.Failed, link.Server.Transport.State);
    }

    [Fact]
    public async Task MismatchArrivingAfterTheHandshake_Fails_AndNoKeys()
    {
        using var other = DtlsCertificate.Generate();
        using var link = new DtlsLink();
        await link.StartWithServerFingerprintPendingAsync();

        link.Server.Transport.SetRemoteFingerprint(DtlsCertificate.FingerprintHash, other.Sha256Fingerprint);

        Assert.Contains("fingerprint mismatch", await link.Server.WaitFailedAsync());
        Assert.False(link.Server.Connected.IsCompleted);
        Assert.Equal(1, link.Server.Transport.Counters.FingerprintMismatches);
    }

    [Theory]
    [InlineData("sha-1", "AB:CD")]
    [InlineData("md5", "AB:CD")]
    [InlineData("sha-256", "not hex")]
    public async Task UnusableFingerprint_Fails(string hashFunction, string fingerprint)
    {
        using var link = new DtlsLink();
        link.TellClientTheServerFingerprint();
        link.Server.Transport.SetRemoteFingerprint(hashFunction, fingerprint);
        link.Start();

        await link.Server.WaitFailedAsync();
        Assert.False(link.Server.Connected.IsCompleted);
    }

    [Fact]
    public async Task FingerprintNeverSignalled_FailsAfterTheFingerprintTimeout()
    {
        var time = new FakeTimeProvider();
        using var link = new DtlsLink(serverOptions: new DtlsOptions { FingerprintTimeout = TimeSpan.FromSeconds(10) }, serverTime: time);
        await link.StartWithServerFingerprintPendingAsync();

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(DtlsState.AwaitingFingerprint, link.Server.Transport.State);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Contains("no remote fingerprint", await link.Server.WaitFailedAsync());
        Assert.False(link.Server.Connected.IsCompleted);
        Assert.Equal(1, link.Server.Transport.Counters.FingerprintTimeouts);
    }

    [Fact]
    public void Parse_AcceptsEitherCase_AndRejectsMalformedText()
    {
        Assert.True(DtlsFingerprint.TryParse("0a:FF:10", out var digest));
        Assert.Equal(new byte[] { 0x0A, 0xFF, 0x10 }, digest);
        Assert.Equal("0A:FF:10", DtlsFingerprint.Format(digest));
        Assert.False(DtlsFingerprint.TryParse("0A:FF:1", out _));
        Assert.False(DtlsFingerprint.TryParse("0AFF10", out _));
        Assert.False(DtlsFingerprint.TryParse("0A-FF-10", out _));
        Assert.False(DtlsFingerprint.TryParse("", out _));
    }
}
