using Jitsi.Net.Videobridge.Transport;

namespace Jitsi.Net.Videobridge;

/// <summary>One Worker's port, endpoint transports and loop timing. Immutable; any thread.</summary>
internal sealed record WorkerOptions
{
    public UdpPortOptions Port { get; init; } = new();

    public EndpointTransportOptions Endpoint { get; init; } = new();

    /// <summary>How often ICE pacing, retransmissions and consent run (RFC 8445 §14.2: Ta is 20–50 ms here).</summary>
    public TimeSpan TimerInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest the loop waits for a datagram before it looks at posted work and timers again:
    /// the worst-case latency of <see cref="Worker.Post"/>.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(2);
}
