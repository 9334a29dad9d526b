namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>The fingerprint signalled for the peer (RFC 8122 §5, RFC 5763 §5) and its check against the peer
/// certificate. Set from a signalling thread, checked on the handshake thread; a lock keeps the pair whole.</summary>
internal sealed class DtlsRemoteFingerprint
{
    private readonly Lock _gate = new();
    private string? _hashFunction;
    private string? _fingerprint;

    public void Set(string hashFunction, string fingerprint)
    {
        lock (_gate)
        {
            _hashFunction = hashFunction;
            _fingerprint = fingerprint;
        }
    }

    /// <summary>Unknown while nothing was signalled; Mismatch also for an unusable fingerprint (unknown hash
    /// function, not hex) since no later call is expected to repair it.</summary>
    public DtlsFingerprintCheck Check(byte[] certificateDer)
    {
        string? hashFunction;
        string? fingerprint;
        lock (_gate)
        {
            hashFunction = _hashFunction;
            fingerprint = _fingerprint;
        }
        if (hashFunction is null || fingerprint is null)
        {
            return new(DtlsFingerprintResult.Unknown, "no fingerprint signalled yet");
        }
        if (!DtlsFingerprint.TryParse(fingerprint, out var expected))
        {
            return new(DtlsFingerprintResult.Mismatch, "the signalled fingerprint is not colon-separated hex");
        }
        var actual = DtlsFingerprint.Hash(hashFunction, certificateDer);
        if (actual is null)
        {
            return new(DtlsFingerprintResult.Mismatch, $"unsupported fingerprint hash function '{hashFunction}'");
        }
        return DtlsFingerprint.Matches(expected, actual)
            ? new(DtlsFingerprintResult.Match, "")
            : new(DtlsFingerprintResult.Mismatch, $"fingerprint mismatch: the peer certificate is not the one signalled ({hashFunction})");
    }
}
