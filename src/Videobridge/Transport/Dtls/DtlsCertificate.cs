using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using BcHashAlgorithm = Org.BouncyCastle.Tls.HashAlgorithm;
using X509CertificateRequest = System.Security.Cryptography.X509Certificates.CertificateRequest;

namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>The bridge's DTLS certificate: an ECDSA P-256 key and a self-signed certificate signed with
/// SHA-256, made once at bridge start and shared by every endpoint. Peers authenticate it only through the
/// fingerprint we signal (RFC 5763 §5, RFC 8842 §5), so its subject and validity carry no meaning.
/// Immutable after <see cref="Generate"/>; any thread.</summary>
internal sealed class DtlsCertificate : IDisposable
{
    /// <summary>The hash function named in the signalled fingerprint (RFC 8122 §5 "hash-func").</summary>
    public const string FingerprintHash = "sha-256";

    private readonly byte[] _der;
    private readonly AsymmetricKeyParameter _privateKey;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        _der = der;
        _privateKey = privateKey;
        Sha256Fingerprint = DtlsFingerprint.Format(SHA256.HashData(der));
    }

    /// <summary>Upper-case hex, colon-separated, as in SDP <c>a=fingerprint:sha-256 …</c> (RFC 8122 §5) and in
    /// Jingle's <c>&lt;fingerprint hash="sha-256"&gt;</c>.</summary>
    public string Sha256Fingerprint { get; }

    /// <summary>The certificate in DER.</summary>
    public ReadOnlyMemory<byte> Der => _der;

    /// <summary>A fresh key pair and a certificate valid from a day before now for a year (a bridge runs long;
    /// WebRTC peers do not check validity, but OpenSSL-based ones may check notBefore).</summary>
    public static DtlsCertificate Generate(string commonName = "Jitsi.Net Videobridge", TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(commonName);
        var now = (time ?? TimeProvider.System).GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var name = new X500DistinguishedNameBuilder();
        name.AddCommonName(commonName);
        var request = new X509CertificateRequest(name.Build(), key, HashAlgorithmName.SHA256);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive INTEGER (RFC 5280 §4.1.2.2)
        using var certificate = request.Create(name.Build(), X509SignatureGenerator.CreateForECDsa(key), now.AddDays(-1), now.AddDays(365), serial);
        var pkcs8 = key.ExportPkcs8PrivateKey();
        try
        {
            return new DtlsCertificate(certificate.RawData, PrivateKeyFactory.CreateKey(pkcs8));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The certificate as PEM ("-----BEGIN CERTIFICATE-----"), for logs and for cross-checks with OpenSSL.</summary>
    public string ExportPem() => new(PemEncoding.Write("CERTIFICATE", _der));

    /// <summary>The credentials one handshake signs with; called on that handshake's thread.</summary>
    internal TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto)
    {
        var chain = new Certificate([crypto.CreateCertificate(_der)]);
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, _privateKey, chain,
            SignatureAndHashAlgorithm.GetInstance(BcHashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /// <summary>Nothing unmanaged is held; the key lives as long as the bridge.</summary>
    public void Dispose()
    {
    }
}
