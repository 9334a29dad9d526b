using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>What a finished DTLS-SRTP handshake yields: the negotiated protection profile and the exporter
/// output (RFC 5764 §4.2, label "EXTRACTOR-dtls_srtp", <see cref="SrtpContextFactory.KeyingMaterialLength"/>
/// bytes), with our role so the caller picks the right halves
/// (<c>SrtpContextFactory.TryCreate(Profile, KeyingMaterial, Role == DtlsRole.Client, …)</c>).
/// Immutable once raised; the handshake thread hands it to the Worker.</summary>
internal sealed record DtlsKeys(SrtpProtectionProfile Profile, byte[] KeyingMaterial, DtlsRole Role);
