using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Jitsi.Net.Stack.Prosody;

/// <summary>
/// The self-signed certificate a private Prosody presents on every host. Clients of the dev stack
/// (the bridge's STARTTLS, tests) trust exactly this certificate by its PEM file rather than a CA.
/// Stateless.
/// </summary>
public static class DevCertificate
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>Renewed this long before it expires so a long-lived data directory keeps working.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(7);

    /// <summary>Names the certificate covers: the web host, the service host and their components.</summary>
    public static IReadOnlyList<string> DnsNames(string domain) =>
        [domain, $"*.{domain}", $"auth.{domain}", $"*.auth.{domain}", "localhost"];

    /// <summary>A new ECDSA P-256 certificate valid for <see cref="DnsNames"/> and the loopback addresses.</summary>
    public static X509Certificate2 Create(string domain, TimeProvider? time = null) =>
        CreateFor(domain, [.. DnsNames(domain), "127.0.0.1", "::1"], time);

    /// <summary>
    /// A new self-signed ECDSA P-256 server certificate named <paramref name="commonName"/> whose subject
    /// alternative names are <paramref name="names"/> (each an IP address or a DNS name), valid for a year.
    /// </summary>
    public static X509Certificate2 CreateFor(string commonName, IEnumerable<string> names, TimeProvider? time = null)
    {
        DateTimeOffset now = (time ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);

        var alternativeNames = new SubjectAlternativeNameBuilder();
        foreach (string name in names)
        {
            if (IPAddress.TryParse(name, out IPAddress? address))
            {
                alternativeNames.AddIpAddress(address);
            }
            else
            {
                alternativeNames.AddDnsName(name);
            }
        }

        request.CertificateExtensions.Add(alternativeNames.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1", "Server Authentication")], false));

        // Backdated a little so a clock that lags behind ours still accepts it.
        return request.CreateSelfSigned(now.AddMinutes(-10), now.Add(Lifetime));
    }

    /// <summary>
    /// Writes a PEM certificate and PKCS#8 key unless usable ones for <paramref name="domain"/> are
    /// already there; returns whether new files were written.
    /// </summary>
    public static bool EnsureFiles(string domain, string certificatePath, string keyPath, TimeProvider? time = null)
    {
        if (IsUsable([$"auth.{domain}", domain], certificatePath, keyPath, time))
        {
            return false;
        }

        using X509Certificate2 certificate = Create(domain, time);
        WritePem(certificate, certificatePath, keyPath);
        return true;
    }

    /// <summary>Writes the certificate (world-readable PEM) and its private key (owner-only PKCS#8 PEM).</summary>
    public static void WritePem(X509Certificate2 certificate, string certificatePath, string keyPath)
    {
        using ECDsa key = certificate.GetECDsaPrivateKey()
            ?? throw new InvalidOperationException("The new certificate has no private key.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(certificatePath))!);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(keyPath))!);
        OwnerOnlyFile.Write(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        OwnerOnlyFile.Write(certificatePath, certificate.ExportCertificatePem() + "\n",
            OwnerOnlyFile.OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    /// <summary>Whether both files exist, load as a pair, cover every one of <paramref name="hosts"/> and are not about to expire.</summary>
    public static bool IsUsable(IEnumerable<string> hosts, string certificatePath, string keyPath, TimeProvider? time = null)
    {
        if (!File.Exists(certificatePath) || !File.Exists(keyPath))
        {
            return false;
        }

        try
        {
            using X509Certificate2 certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            DateTimeOffset now = (time ?? TimeProvider.System).GetUtcNow();
            return hosts.All(host => certificate.MatchesHostname(host))
                && certificate.NotAfter.ToUniversalTime() - now.UtcDateTime > RenewBefore;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
