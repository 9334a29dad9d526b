using System.Net;

namespace Jitsi.Net.Stack.Turn;

/// <summary>One private coturn instance: where it listens, the secret, the peers it may relay to. Immutable.</summary>
public sealed record CoturnOptions
{
    /// <summary>Holds the rendered config and the pid file.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The address clients reach; relayed media also leaves from it.</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>TURN over UDP and TCP.</summary>
    public int Port { get; init; } = 3478;

    /// <summary>TURN over TLS.</summary>
    public int TlsPort { get; init; } = 5349;

    /// <summary>Relay ports (one per allocation).</summary>
    public int MinRelayPort { get; init; } = 49160;

    public int MaxRelayPort { get; init; } = 49200;

    /// <summary>The secret shared with the XMPP server and the front.</summary>
    public required string Secret { get; init; }

    public string Realm { get; init; } = "meet.localhost";

    /// <summary>PEM certificate and key for the TLS listener.</summary>
    public required string CertificatePath { get; init; }

    public required string KeyPath { get; init; }

    /// <summary>The only addresses relayed media may go to: the bridges' media addresses.</summary>
    public IReadOnlyList<string> AllowedPeers { get; init; } = [];

    /// <summary>Log every request (coturn's <c>--verbose</c>): allocations with the user names they authenticated.</summary>
    public bool Verbose { get; init; }

    /// <summary>The server executable: a name looked up on PATH or a path.</summary>
    public string Executable { get; init; } = "turnserver";

    public string ConfigPath => Path.Combine(DataDirectory, "turnserver.conf");

    /// <summary>Whether a peer is a loopback address, which coturn refuses unless told otherwise.</summary>
    internal bool HasLoopbackPeer => AllowedPeers.Any(p => IPAddress.TryParse(p, out IPAddress? a) && IPAddress.IsLoopback(a));
}
