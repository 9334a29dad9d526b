using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Jitsi.Net.Videobridge.Tests.Transport.Srtp;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>RFC 5764 §4.2 keying material cross-checked with OpenSSL 3 over real UDP on 127.0.0.1: our server against
/// <c>openssl s_client</c> and our client against <c>openssl s_server</c>, both with <c>-dtls1_2 -use_srtp</c> and
/// <c>-keymatexport EXTRACTOR-dtls_srtp</c>; the bytes openssl prints must equal ours.</summary>
public sealed partial class OpensslCrossCheckTests : IDisposable
{
    private const string Openssl = "/usr/bin/openssl";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly string _directory = Directory.CreateTempSubdirectory("dtls-openssl-").FullName;
    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly string _fingerprint;

    public OpensslCrossCheckTests()
    {
        _certificatePath = Path.Combine(_directory, "cert.pem");
        _keyPath = Path.Combine(_directory, "key.pem");
        using (var req = new ToolProcess(Openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
            "-keyout", _keyPath, "-out", _certificatePath, "-days", "2", "-subj", "/CN=openssl"))
        {
            req.CloseInput();
            Assert.True(req.WaitForExit(Timeout), req.Output);
        }
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(_certificatePath));
        _fingerprint = DtlsFingerprint.Format(SHA256.HashData(certificate.RawData));
    }

    public static TheoryData<SrtpProtectionProfileId, string> Profiles() => new()
    {
        { SrtpProtectionProfileId.AeadAes128Gcm, "SRTP_AEAD_AES_128_GCM" },
        { SrtpProtectionProfileId.AesCm128HmacSha1_80, "SRTP_AES128_CM_SHA1_80" },
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task OurServer_AgainstOpensslClient_ExportsTheSameKeyingMaterial(SrtpProtectionProfileId profileId, string opensslProfile)
    {
        var profile = (SrtpProtectionProfile)profileId;
        DtlsEndpoint? server = null;
        using var pump = new UdpPump((d, _) => server!.Transport.OnDatagram(d.Span));
        using (server = new DtlsEndpoint(DtlsRole.Server, pump.Send, new DtlsOptions { Profiles = [profile] }))
        {
            server.Transport.SetRemoteFingerprint(DtlsCertificate.FingerprintHash, _fingerprint);
            server.Transport.Start();
            using var client = new ToolProcess(Openssl, ["s_client", "-dtls1_2", "-connect", $"127.0.0.1:{pump.Port}",
                .. OpensslArguments(profile, opensslProfile)]);

            var keys = await server.WaitConnectedAsync();
            var material = (await client.FindLine(KeyingMaterialLine()).WaitAsync(Timeout)).Groups[1].Value;

            Assert.Equal(Convert.ToHexString(keys.KeyingMaterial), material.ToUpperInvariant());
            Assert.Equal(profile, keys.Profile);
            client.CloseInput();
            await server.Closed.WaitAsync(Timeout); // s_client sends close_notify when its input ends
        }
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task OurClient_AgainstOpensslServer_ExportsTheSameKeyingMaterial(SrtpProtectionProfileId profileId, string opensslProfile)
    {
        var profile = (SrtpProtectionProfile)profileId;
        var port = FreeUdpPort();
        using var server = new ToolProcess(Openssl, ["s_server", "-dtls1_2", "-accept", $"127.0.0.1:{port}", "-verify", "1",
            .. OpensslArguments(profile, opensslProfile)]);
        await server.FindLine(AcceptLine()).WaitAsync(Timeout);
        DtlsEndpoint? client = null;
        using var pump = new UdpPump((d, _) => client!.Transport.OnDatagram(d.Span), new IPEndPoint(IPAddress.Loopback, port));
        using (client = new DtlsEndpoint(DtlsRole.Client, pump.Send, new DtlsOptions { Profiles = [profile] }))
        {
            client.Transport.SetRemoteFingerprint(DtlsCertificate.FingerprintHash, _fingerprint);
            client.Transport.Start();

            var keys = await client.WaitConnectedAsync();
            var material = (await server.FindLine(KeyingMaterialLine()).WaitAsync(Timeout)).Groups[1].Value;

            Assert.Equal(Convert.ToHexString(keys.KeyingMaterial), material.ToUpperInvariant());
            Assert.Equal(DtlsRole.Client, keys.Role);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string[] OpensslArguments(SrtpProtectionProfile profile, string opensslProfile) =>
    [
        "-cert", _certificatePath, "-key", _keyPath, "-use_srtp", opensslProfile,
        "-keymatexport", "EXTRACTOR-dtls_srtp", "-keymatexportlen", SrtpContextFactory.KeyingMaterialLength(profile).ToString(),
    ];

    /// <summary>What openssl prints for <c>-keymatexport</c>.</summary>
    [GeneratedRegex("Keying material: ([0-9A-Fa-f]+)")]
    private static partial Regex KeyingMaterialLine();

    /// <summary>s_server is listening.</summary>
    [GeneratedRegex("^ACCEPT")]
    private static partial Regex AcceptLine();

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
