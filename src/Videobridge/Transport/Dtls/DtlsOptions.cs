using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>Limits and preferences of a <see cref="DtlsTransport"/>. Immutable; shared by all endpoints.</summary>
internal sealed record DtlsOptions
{
    /// <summary>The defaults: what every bridge endpoint uses unless configured otherwise.</summary>
    public static DtlsOptions Default { get; } = new();

    /// <summary>The whole handshake, from <see cref="DtlsTransport.Start"/> to the Finished messages, including
    /// the wait for the first ClientHello in the server role. BouncyCastle's retransmission timers run inside it.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long after the handshake the signalled fingerprint may still arrive (the browser's
    /// ClientHello can beat the Jingle session-accept that carries it).</summary>
    public TimeSpan FingerprintTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Datagrams waiting for the handshake thread; beyond it they are dropped and counted.</summary>
    public int QueueCapacity { get; init; } = 64;

    /// <summary>SRTP protection profiles (RFC 5764 §4.1.2) in our preference order: the server picks the first
    /// of these the client offers; the client offers them in this order.</summary>
    public IReadOnlyList<SrtpProtectionProfile> Profiles { get; init; } =
        [SrtpProtectionProfile.AeadAes128Gcm, SrtpProtectionProfile.AesCm128HmacSha1_80];
}
