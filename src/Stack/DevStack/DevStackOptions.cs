using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Stack.DevStack;

/// <summary>What <c>run</c> starts and where; immutable.</summary>
internal sealed record DevStackOptions
{
    public required string DataDirectory { get; init; }
    public string Domain { get; init; } = "meet.localhost";
    public required string FocusDll { get; init; }
    public required string BridgeDll { get; init; }

    /// <summary>What runs the two programs: <c>dotnet &lt;dll&gt;</c>.</summary>
    public string ProgramHost { get; init; } = "dotnet";

    public int C2sPort { get; init; } = 5222;
    public int ComponentPort { get; init; } = 5347;
    public int HttpPort { get; init; } = 5280;
    public int FocusHttpPort { get; init; } = 8888;
    public int BridgeHttpPort { get; init; } = 8080;
    /// <summary>The bridge's public listener for the colibri-ws bridge channel.</summary>
    public int BridgePublicHttpPort { get; init; } = 9090;
    /// <summary>The bridge's first media UDP port (0: any free port, for tests).</summary>
    public int BridgeMediaPort { get; init; } = 10000;
    public bool ProsodyDebug { get; init; }

    /// <summary>False starts Prosody and the Focus only (tests that script their own bridge in the brewery).</summary>
    public bool StartBridge { get; init; } = true;
    public TimeSpan HealthTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Starts the XMPP server instead of Prosody (tests run the stack on ejabberd this way); it gets the Prosody
    /// options (domains, ports, secrets, data directory) and is disposed when the stack stops. Null: Prosody.
    /// </summary>
    public Func<ProsodyOptions, CancellationToken, Task<IAsyncDisposable>>? XmppServer { get; init; }

    /// <summary>Where Prosody keeps its data; the secrets are one level up.</summary>
    public string ProsodyDataDirectory => Path.GetFullPath(Path.Combine(DataDirectory, "prosody"));

    /// <summary>The built web client (<c>web/dist</c>) to serve; null serves no page.</summary>
    public string? WebRoot { get; init; }

    /// <summary>The page's port on 127.0.0.1.</summary>
    public int WebPort { get; init; } = 8000;

    /// <summary>
    /// Public mode: the host name or address other machines use. The page, the XMPP WebSocket and the bridge
    /// channel are then served on one HTTPS origin by the front on <see cref="HttpsPort"/>, coturn offers TURN, and
    /// the bridge advertises <see cref="LocalAddress"/> (and <see cref="NatPublicAddress"/>). Null: loopback only.
    /// </summary>
    public string? PublicHost { get; init; }

    /// <summary>The front's HTTPS port in public mode.</summary>
    public int HttpsPort { get; init; } = 443;

    /// <summary>Public mode: this machine's address that media and TURN use (the public host when that is an address).</summary>
    public string? LocalAddress { get; init; }

    /// <summary>Public mode behind a static NAT: the public address that maps to <see cref="LocalAddress"/>.</summary>
    public string? NatPublicAddress { get; init; }

    /// <summary>Public mode: coturn's port for TURN over UDP and TCP, and for TURN over TLS.</summary>
    public int TurnPort { get; init; } = 3478;

    public int TurnTlsPort { get; init; } = 5349;

    /// <summary>The bridge's id (its colibri-ws server id, which the front routes by).</summary>
    public string BridgeId { get; init; } = "jvb1";

    public bool IsPublic => PublicHost is not null;

    /// <summary>Where a browser joins a conference; null when no page is served.</summary>
    public string? WebUrl => WebRoot is null ? null
        : IsPublic ? $"https://{UrlHost(PublicHost!)}{(HttpsPort == 443 ? "" : $":{HttpsPort}")}/"
        : $"http://127.0.0.1:{WebPort}/";

    /// <summary>A host for a URL: IPv6 addresses in brackets (RFC 3986 §3.2.2).</summary>
    public static string UrlHost(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;

    /// <summary>The checkout's <c>web/dist</c> (what <c>npm run build --prefix web</c> writes).</summary>
    public static string BuiltWebClient() => Path.Combine(CheckoutRoot() ?? Directory.GetCurrentDirectory(), "web", "dist");

    /// <summary>
    /// The built program under <c>src/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0/</c> of the
    /// checkout this program runs from (or the current directory's).
    /// </summary>
    public static string BuiltProgram(string project, string assembly, string configuration)
    {
        string relative = Path.Combine("src", project, "bin", configuration, "net10.0", assembly + ".dll");
        return CheckoutRoot() is { } root ? Path.Combine(root, relative) : Path.GetFullPath(relative);
    }

    /// <summary>The nearest directory above this program holding <c>Jitsi.Net.sln</c>.</summary>
    private static string? CheckoutRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Jitsi.Net.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>The configuration this program was built in, so the stack runs one consistent build.</summary>
    public static string OwnConfiguration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            ? "Release"
            : "Debug";
}
