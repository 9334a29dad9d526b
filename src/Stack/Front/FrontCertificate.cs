using System.Security.Cryptography.X509Certificates;
using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Stack.Front;

/// <summary>
/// The front's TLS certificate: the operator's PEM files, or for trials a self-signed pair for the public host
/// written once into a directory (so a browser exception or a trusted copy survives restarts). Stateless.
/// </summary>
internal static class FrontCertificate
{
    /// <summary>The operator's pair when configured, else the self-signed pair under <paramref name="selfSignedDirectory"/>.</summary>
    public static X509Certificate2 Load(FrontSettings settings, string selfSignedDirectory)
    {
        if (settings.CertificatePath.Length > 0)
        {
            return Loadable(X509Certificate2.CreateFromPemFile(settings.CertificatePath, settings.KeyPath));
        }
        (string certificate, string key) = SelfSignedPaths(selfSignedDirectory, settings.PublicHost);
        if (!DevCertificate.IsUsable([settings.PublicHost], certificate, key))
        {
            using X509Certificate2 created = DevCertificate.CreateFor(settings.PublicHost, [settings.PublicHost, "localhost", "127.0.0.1"]);
            DevCertificate.WritePem(created, certificate, key);
        }
        return Loadable(X509Certificate2.CreateFromPemFile(certificate, key));
    }

    /// <summary>Where the self-signed pair for <paramref name="publicHost"/> lives.</summary>
    public static (string Certificate, string Key) SelfSignedPaths(string directory, string publicHost) =>
        (Path.Combine(directory, publicHost + ".crt"), Path.Combine(directory, publicHost + ".key"));

    /// <summary>
    /// A PEM-loaded key is ephemeral; a PKCS#12 round trip gives a certificate every TLS backend accepts.
    /// </summary>
    private static X509Certificate2 Loadable(X509Certificate2 pem)
    {
        using (pem)
        {
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
    }
}
