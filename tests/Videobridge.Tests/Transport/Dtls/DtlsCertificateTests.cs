using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Generate_MakesASelfSignedEcdsaP256CertificateSignedWithSha256()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        using var certificate = DtlsCertificate.Generate("bridge-1", time);

        using var parsed = X509CertificateLoader.LoadCertificate(certificate.Der.Span);
        Assert.Equal("CN=bridge-1", parsed.Subject);
        Assert.Equal(parsed.Subject, parsed.Issuer);
        Assert.Equal("1.2.840.10045.4.3.2", parsed.SignatureAlgorithm.Value); // ecdsa-with-SHA256
        using var key = parsed.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.True(parsed.NotBefore.ToUniversalTime() < time.GetUtcNow().UtcDateTime);
        Assert.True(parsed.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime.AddDays(300));
    }

    [Fact]
    public void Sha256Fingerprint_IsUpperCaseHexPairsSeparatedByColons()
    {
        using var certificate = DtlsCertificate.Generate();

        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", certificate.Sha256Fingerprint);
        Assert.Equal("sha-256", DtlsCertificate.FingerprintHash);
    }

    [Fact]
    public void Sha256Fingerprint_EqualsOpenSslsFingerprintOfTheExportedPem()
    {
        using var certificate = DtlsCertificate.Generate();
        var path = Path.Combine(Path.GetTempPath(), $"dtls-{Guid.NewGuid():N}.pem");
        File.WriteAllText(path, certificate.ExportPem());
        try
        {
            using var openssl = Process.Start(new ProcessStartInfo("/usr/bin/openssl", ["x509", "-noout", "-fingerprint", "-sha256", "-in", path])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            var output = openssl.StandardOutput.ReadToEnd();
            Assert.True(openssl.WaitForExit(10_000));
            Assert.Equal(0, openssl.ExitCode);

            // OpenSSL 3 prints "sha256 Fingerprint=AB:CD:…".
            Assert.Equal(certificate.Sha256Fingerprint, output[(output.IndexOf('=') + 1)..].Trim());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TwoCertificates_HaveDifferentKeysAndFingerprints()
    {
        using var first = DtlsCertificate.Generate();
        using var second = DtlsCertificate.Generate();

        Assert.NotEqual(first.Sha256Fingerprint, second.Sha256Fingerprint);
    }
}
