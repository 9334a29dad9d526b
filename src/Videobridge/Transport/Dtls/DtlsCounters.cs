namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>What one <see cref="DtlsTransport"/> counted. Plain fields, written with <see cref="Interlocked"/>
/// by the Worker thread (datagrams in, drops) and the handshake thread (datagrams out, failures); the metrics
/// read them without a lock, so a reading may be a moment old.</summary>
internal sealed class DtlsCounters
{
    /// <summary>Datagrams handed to <see cref="DtlsTransport.OnDatagram"/> and queued for the handshake thread.</summary>
    public long DatagramsReceived;

    /// <summary>Datagrams given to the send callback.</summary>
    public long DatagramsSent;

    /// <summary>Dropped because the queue was full (a flood, or a stalled handshake thread).</summary>
    public long DroppedQueueFull;

    /// <summary>Dropped because the transport was closed, failed or disposed.</summary>
    public long DroppedClosed;

    /// <summary>Dropped before queueing: not a sequence of well-formed DTLS record headers (RFC 6347 §4.1),
    /// or larger than a datagram we accept.</summary>
    public long DroppedMalformed;

    /// <summary>The handshake did not finish within <see cref="DtlsOptions.HandshakeTimeout"/>.</summary>
    public long HandshakeTimeouts;

    /// <summary>The handshake ended with a fatal alert, sent or received (bad record MAC, no common cipher
    /// suite or SRTP profile, missing client certificate, …).</summary>
    public long HandshakeAlerts;

    /// <summary>The peer certificate did not match the signalled fingerprint.</summary>
    public long FingerprintMismatches;

    /// <summary>No fingerprint arrived within <see cref="DtlsOptions.FingerprintTimeout"/> after the handshake.</summary>
    public long FingerprintTimeouts;

    /// <summary>close_notify received from the peer.</summary>
    public long CloseNotifyReceived;
}
