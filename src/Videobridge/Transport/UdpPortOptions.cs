namespace Jitsi.Net.Videobridge.Transport;

/// <summary>Where a Worker's socket listens and what it advertises. Bound from configuration; immutable once a port uses it.</summary>
internal sealed record UdpPortOptions
{
    /// <summary>The address to bind: 0.0.0.0 for every IPv4 interface, :: for IPv4 and IPv6 (dual stack).</summary>
    public string BindAddress { get; init; } = "0.0.0.0";

    /// <summary>The port; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = 10000;

    /// <summary>Addresses advertised as host candidates, in preference order. When empty and the bind address is
    /// specific, the bind address is advertised.</summary>
    public IReadOnlyList<string> LocalAddresses { get; init; } = [];

    /// <summary>The public address a static NAT maps the first local address to (like JVB's static mapping);
    /// advertised as a server-reflexive candidate whose base is that local address.</summary>
    public string? PublicAddress { get; init; }

    /// <summary>Remote networks (CIDR) datagrams may come from and go to; everything else is dropped and never sent to.</summary>
    public IReadOnlyList<string> AllowedRemoteNetworks { get; init; } = ["0.0.0.0/0", "::/0"];

    /// <summary>The options of the Worker at <paramref name="workerIndex"/>: ports 10000, 10001, … by default;
    /// port 0 stays 0 (each Worker gets a free port).</summary>
    public UdpPortOptions ForWorker(int workerIndex) => Port == 0 ? this : this with { Port = Port + workerIndex };

    /// <summary>One system call per datagram even where batched calls exist (see <see cref="UdpPort"/>).</summary>
    public bool NoBatching { get; init; }

    /// <summary>Socket buffers, large enough to ride out a burst while the Worker thread forwards.</summary>
    public int SocketBufferBytes { get; init; } = 4 * 1024 * 1024;
}
