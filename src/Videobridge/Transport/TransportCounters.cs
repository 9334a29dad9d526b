using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Videobridge.Transport;

/// <summary>What one Worker's port and endpoint transports received, sent and dropped, by reason. Written by
/// the Worker thread with plain increments (no locks on the packet path); other threads read with
/// <see cref="Volatile.Read(ref long)"/> (64-bit reads do not tear).</summary>
internal sealed class TransportCounters
{
    public long DatagramsReceived;
    public long DatagramsSent;
    public long BytesReceived;
    public long BytesSent;

    /// <summary>From a remote address outside the allowed networks; nothing else looked at them.</summary>
    public long DroppedNotAllowed;

    /// <summary>From an address no endpoint knows, and not a STUN Binding request.</summary>
    public long DroppedNotStunFromUnknown;

    /// <summary>A STUN request from an unknown address whose USERNAME names no local ufrag.</summary>
    public long DroppedUnknownUfrag;

    /// <summary>STUN the ICE agent refused (malformed, wrong username, bad integrity, stray response).</summary>
    public long DroppedBadStun;

    /// <summary>First byte outside every RFC 7983 range.</summary>
    public long DroppedUnknownKind;

    /// <summary>DTLS from an address that is neither the selected pair nor a valid one.</summary>
    public long DroppedDtlsNotSelected;

    /// <summary>SRTP or SRTCP before the keys exist and the peer's fingerprint is verified.</summary>
    public long DroppedNoKeys;

    /// <summary>SRTP/SRTCP from an address other than the selected pair's.</summary>
    public long DroppedMediaNotSelected;

    public long SrtpAuthenticationFailed;

    /// <summary>Replayed, or behind the replay window (RFC 3711 §3.3.2).</summary>
    public long SrtpReplayed;

    /// <summary>Malformed, too short, SSRC limit.</summary>
    public long SrtpOtherErrors;

    public long RtpReceived;
    public long RtcpReceived;
    public long RtpSent;
    public long RtcpSent;

    /// <summary>Media an owner asked to send while the transport is not connected, or that could not be protected.</summary>
    public long SendDroppedNotConnected;
    public long SrtpProtectFailed;

    /// <summary>A send to an address outside the allowed networks, refused by the port itself.</summary>
    public long SendRefusedNotAllowed;

    public long SendErrors;

    /// <summary>Batched system calls: <c>recvmmsg</c> calls that returned datagrams, and <c>sendmmsg</c> batches sent.</summary>
    public long ReceiveBatches;
    public long SendBatches;
    public long ReceiveErrors;

    public long IceFailures;
    public long DtlsFailures;

    /// <summary>Everything the endpoints' ICE agents did and dropped.</summary>
    public IceCounters Ice { get; } = new();

    public static long Read(ref long counter) => Volatile.Read(ref counter);
}
