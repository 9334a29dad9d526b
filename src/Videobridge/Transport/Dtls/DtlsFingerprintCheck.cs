namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>The outcome of one fingerprint check and, for a mismatch, the reason to log.</summary>
internal readonly record struct DtlsFingerprintCheck(DtlsFingerprintResult Result, string Reason);
