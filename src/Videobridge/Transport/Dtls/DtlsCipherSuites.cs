using Org.BouncyCastle.Tls;

namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>The cipher suites both roles offer or accept: ECDHE with our ECDSA P-256 certificate and AES-GCM
/// (RFC 5289 §3.2), which every WebRTC stack and OpenSSL support. No CBC fallbacks: nothing we talk to needs
/// them. Immutable; any thread.</summary>
internal static class DtlsCipherSuites
{
    public static int[] All() =>
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
    ];
}
