using System.Net;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>A UDP candidate as signalled (RFC 8445 §5.1, RFC 8839 §5.1): the bridge's own for the offer, or
/// one of the peer's from its answer or a trickled update. Component is always 1: RTP and RTCP share the
/// transport (RFC 5761, RFC 8843). Immutable; any thread.</summary>
/// <param name="RelatedEndPoint">For a server-reflexive candidate, its base (rel-addr/rel-port).</param>
internal sealed record IceCandidate(string Foundation, uint Priority, IPEndPoint EndPoint, IceCandidateType Type, IPEndPoint? RelatedEndPoint = null)
{
    public const int Component = 1;

    /// <summary>RFC 8445 §5.1.2.1: 2^24·type preference + 2^8·local preference + (256 − component).</summary>
    public static uint ComputePriority(IceCandidateType type, ushort localPreference) =>
        ((uint)type << 24) | ((uint)localPreference << 8) | (256 - Component);
}
