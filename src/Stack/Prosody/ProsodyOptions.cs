using System.Security.Cryptography;

namespace Jitsi.Net.Stack.Prosody;

/// <summary>
/// Everything that distinguishes one private Prosody instance from another: its domain, data
/// directory, loopback ports and secrets. Every other XMPP address is derived from <see cref="Domain"/>
/// the way a Jitsi deployment lays them out. Immutable; safe to share between threads.
/// </summary>
public sealed record ProsodyOptions
{
    public string Domain { get; init; } = "meet.localhost";

    /// <summary>Options for a throw-away instance: free loopback ports and fresh random secrets.</summary>
    public static ProsodyOptions WithFreePorts(string dataDirectory)
    {
        IReadOnlyList<int> ports = FreePorts.Allocate(3);
        return new ProsodyOptions
        {
            DataDirectory = dataDirectory,
            C2sPort = ports[0],
            ComponentPort = ports[1],
            HttpPort = ports[2],
            ComponentSecret = NewSecret(),
            BridgePassword = NewSecret(),
        };
    }

    /// <summary>A random secret that needs no escaping anywhere (hex, 128 bits).</summary>
    public static string NewSecret() => RandomNumberGenerator.GetHexString(32, lowercase: true);

    /// <summary>Holds the rendered config, certificate, account store, pid file and log.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The only interface Prosody binds to.</summary>
    public string Host { get; init; } = "127.0.0.1";

    public int C2sPort { get; init; } = 5222;
    public int ComponentPort { get; init; } = 5347;
    public int HttpPort { get; init; } = 5280;

    /// <summary>XEP-0114 shared secret of the focus component.</summary>
    public required string ComponentSecret { get; init; }

    /// <summary>XEP-0114 shared secret for bridges that connect as a component (<see cref="BridgeComponent"/>).</summary>
    public string BridgeComponentSecret { get; init; } = NewSecret();

    public string BridgeUsername { get; init; } = "jvb";
    public required string BridgePassword { get; init; }

    /// <summary>
    /// False (the default): web users log in anonymously on <see cref="Domain"/>. True: the main domain takes
    /// accounts only (password login), so the web client asks for a user name and password.
    /// </summary>
    public bool RequireAccounts { get; init; }

    /// <summary>
    /// A separate host where guests log in anonymously (the web client's <c>anonymousDomain</c>, as in Jitsi
    /// deployments), used with <see cref="RequireAccounts"/>; it gets the same TURN services. Null: none.
    /// </summary>
    public string? GuestDomain { get; init; }

    /// <summary>Accounts (user, password) created on <see cref="Domain"/> at start; needs <see cref="RequireAccounts"/>.</summary>
    public IReadOnlyList<(string User, string Password)> Accounts { get; init; } = [];

    /// <summary>
    /// The TURN server handed to web clients through XEP-0215 (<c>mod_external_services</c>) as clients reach it;
    /// null configures no external services.
    /// </summary>
    public string? TurnHost { get; init; }

    /// <summary>TURN over UDP and TCP.</summary>
    public int TurnPort { get; init; } = 3478;

    /// <summary>TURN over TLS.</summary>
    public int TurnTlsPort { get; init; } = 5349;

    /// <summary>The secret shared with the TURN server (coturn <c>static-auth-secret</c>).</summary>
    public string TurnSecret { get; init; } = "";

    /// <summary>How long handed-out TURN credentials stay valid.</summary>
    public int TurnTtlSeconds { get; init; } = 86400;

    /// <summary>Log at debug level instead of info.</summary>
    public bool Debug { get; init; }

    /// <summary>The server executable: a name looked up on PATH or a path.</summary>
    public string Executable { get; init; } = "prosody";

    /// <summary>Used to create accounts; a name looked up on PATH or a path.</summary>
    public string CtlExecutable { get; init; } = "prosodyctl";

    /// <summary>How long a start may take before it counts as failed.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Host of the bridges' (and other services') password accounts.</summary>
    public string AuthDomain => $"auth.{Domain}";

    /// <summary>Conference rooms: <c>room@conference.domain</c>.</summary>
    public string MucDomain => $"conference.{Domain}";

    /// <summary>MUC service of the brewery; closed to anonymous users.</summary>
    public string InternalMucDomain => $"internal.{AuthDomain}";

    /// <summary>XEP-0114 component address of the focus.</summary>
    public string FocusComponent => $"focus.{Domain}";

    /// <summary>XEP-0114 component address for bridges in component mode.</summary>
    public string BridgeComponent => $"jvb.{Domain}";

    /// <summary>The room bridges join to announce themselves to the focus.</summary>
    public string BreweryJid => $"jvbbrewery@{InternalMucDomain}";

    public string BridgeAccountJid => $"{BridgeUsername}@{AuthDomain}";

    public string WebSocketUrl => $"ws://{Host}:{HttpPort}/xmpp-websocket";

    public string ConfigPath => Path.Combine(DataDirectory, "prosody.cfg.lua");
    public string LogPath => Path.Combine(DataDirectory, "prosody.log");
    public string PidPath => Path.Combine(DataDirectory, "prosody.pid");
    public string CertificateDirectory => Path.Combine(DataDirectory, "certs");
    public string CertificatePath => Path.Combine(CertificateDirectory, $"{Domain}.crt");
    public string KeyPath => Path.Combine(CertificateDirectory, $"{Domain}.key");
}
