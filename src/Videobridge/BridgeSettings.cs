using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Hosting;

namespace Jitsi.Net.Videobridge;

/// <summary>How the bridge reaches the XMPP server.</summary>
public enum BridgeXmppMode
{
    /// <summary>Logs in as a client with the bridges' shared account (the usual Jitsi deployment).</summary>
    Client,

    /// <summary>Connects as an XEP-0114 component (<c>ComponentName</c>, <c>ComponentSecret</c>).</summary>
    Component,
}

/// <summary>The bridge's XMPP login (section <c>Xmpp</c>; environment <c>Xmpp__Key</c>). Read once at start.</summary>
public sealed class BridgeXmppSettings : IValidatedSettings
{
    public BridgeXmppMode Mode { get; set; } = BridgeXmppMode.Client;

    /// <summary>Component mode: the component's name, e.g. <c>jvb.meet.localhost</c>.</summary>
    public string ComponentName { get; set; } = "";

    /// <summary>Component mode: the shared component secret (never in the repository).</summary>
    public string ComponentSecret { get; set; } = "";

    /// <summary>Component mode: the server's XEP-0114 port.</summary>
    public int ComponentPort { get; set; } = 5347;

    /// <summary>Component mode: the server's main domain, where keep-alive pings go.</summary>
    public string ServerDomain { get; set; } = "meet.localhost";

    /// <summary>The XMPP server's address; the domain is never looked up in DNS.</summary>
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 5222;

    /// <summary>The domain of the bridges' shared account.</summary>
    public string Domain { get; set; } = "auth.meet.localhost";

    public string Username { get; set; } = "jvb";

    /// <summary>The shared account's password (never in the repository).</summary>
    public string Password { get; set; } = "";

    public TlsPolicy Tls { get; set; } = TlsPolicy.WhenOffered;

    /// <summary>A certificate (PEM or DER) to trust for the server even if self-signed.</summary>
    public string? TrustedCertificatePath { get; set; }

    /// <summary>The MUC room where bridges announce themselves to focuses.</summary>
    public string BreweryJid { get; set; } = "jvbbrewery@internal.auth.meet.localhost";

    /// <summary>Only this focus may send colibri2 requests.</summary>
    public string FocusJid { get; set; } = "focus.meet.localhost";

    public IEnumerable<string> Validate(string section)
    {
        var login = Mode == BridgeXmppMode.Component
            ? SettingsBinder.Jid($"{section}:ComponentName", ComponentName)
                .Concat(SettingsBinder.Required($"{section}:ComponentSecret", ComponentSecret))
                .Concat(SettingsBinder.Port($"{section}:ComponentPort", ComponentPort))
                .Concat(SettingsBinder.Jid($"{section}:ServerDomain", ServerDomain))
            : SettingsBinder.Port($"{section}:Port", Port)
                .Concat(SettingsBinder.Jid($"{section}:Domain", Domain))
                .Concat(SettingsBinder.Required($"{section}:Username", Username))
                .Concat(SettingsBinder.Required($"{section}:Password", Password));
        var problems = SettingsBinder.Required($"{section}:Host", Host)
            .Concat(login)
            .Concat(SettingsBinder.Jid($"{section}:BreweryJid", BreweryJid))
            .Concat(SettingsBinder.Jid($"{section}:FocusJid", FocusJid));
        if (!string.IsNullOrEmpty(TrustedCertificatePath) && !File.Exists(TrustedCertificatePath))
        {
            problems = problems.Append($"{section}:TrustedCertificatePath names a file that does not exist ('{TrustedCertificatePath}')");
        }
        return problems;
    }
}

/// <summary>The bridge's public HTTP listener (section <c>Http:Public</c>): the colibri-ws bridge channel. Put it behind
/// the site's HTTPS front in production; loopback by default.</summary>
public sealed class BridgePublicHttpSettings : IValidatedSettings
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 9090;

    /// <summary>The scheme, host and port clients use for colibri-ws URLs (e.g. <c>wss://meet.example.com</c>).</summary>
    public string WebSocketBaseUrl { get; set; } = "ws://127.0.0.1:9090";

    public IEnumerable<string> Validate(string section)
    {
        var problems = SettingsBinder.Required($"{section}:Host", Host).Concat(SettingsBinder.Port($"{section}:Port", Port));
        if (!Uri.TryCreate(WebSocketBaseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("ws" or "wss"))
        {
            problems = problems.Append($"{section}:WebSocketBaseUrl must be an absolute ws:// or wss:// URL (was '{WebSocketBaseUrl}')");
        }
        return problems;
    }
}

/// <summary>The media plane (section <c>Media</c>): Workers, their UDP ports, the addresses advertised to clients and the
/// remote networks allowed. Open <c>Port</c>…<c>Port + Workers − 1</c>/udp in the firewall.</summary>
public sealed class BridgeMediaSettings : IValidatedSettings
{
    /// <summary>Media threads, one UDP port each; defaults to the number of cores.</summary>
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>The first Worker's UDP port; the others follow.</summary>
    public int Port { get; set; } = 10000;

    public string BindAddress { get; set; } = "0.0.0.0";

    /// <summary>Host candidate addresses to advertise (empty: the bind address when it is specific).</summary>
    public List<string> LocalAddresses { get; set; } = [];

    /// <summary>The public address a static NAT maps the first local address to, advertised as well.</summary>
    public string? PublicAddress { get; set; }

    /// <summary>Remote networks (CIDR) media may come from and go to; nothing outside them is answered or sent to.</summary>
    public List<string> AllowedRemoteNetworks { get; set; } = ["0.0.0.0/0", "::/0"];

    /// <summary>Batched socket calls (<c>recvmmsg</c>/<c>sendmmsg</c>) on 64-bit Linux; false for one call per
    /// datagram (for comparisons).</summary>
    public bool BatchedSocketCalls { get; set; } = true;

    /// <summary>Last-N for receivers that did not send their own over the bridge channel: the video of at most this
    /// many other endpoints, speakers first (−1 = all).</summary>
    public int LastN { get; set; } = -1;

    /// <summary>0 forwards every source's audio; N &gt; 0 forwards only the audio of the current and recent speakers'
    /// first N and of whoever is speaking now (force-muted audio is never forwarded).</summary>
    public int AudioSpeakersForwarded { get; set; }

    public IEnumerable<string> Validate(string section)
    {
        var problems = new List<string>();
        if (LastN < -1)
        {
            problems.Add($"{section}:LastN must be -1 (all) or at least 0 (was {LastN})");
        }
        if (AudioSpeakersForwarded is < 0 or > Forwarding.DominantSpeaker.RecentSpeakers + 1)
        {
            problems.Add($"{section}:AudioSpeakersForwarded must be from 0 (all audio) to {Forwarding.DominantSpeaker.RecentSpeakers + 1} (was {AudioSpeakersForwarded})");
        }
        if (Workers is < 1 or > 64)
        {
            problems.Add($"{section}:Workers must be from 1 to 64 (was {Workers})");
        }
        // Port 0 lets the system pick each Worker's port (tests).
        if (Port is < 0 or > 65535 || Port + Workers - 1 > 65535)
        {
            problems.Add($"{section}:Port must leave room for {Workers} port(s) below 65536, or be 0 (was {Port})");
        }
        foreach (var (key, value) in LocalAddresses.Select(a => ("LocalAddresses", a)).Append(("BindAddress", BindAddress))
            .Concat(PublicAddress is null ? [] : [("PublicAddress", PublicAddress)]))
        {
            if (!System.Net.IPAddress.TryParse(value, out _))
            {
                problems.Add($"{section}:{key} must be an IP address (was '{value}')");
            }
        }
        foreach (var network in AllowedRemoteNetworks)
        {
            if (!System.Net.IPNetwork.TryParse(network, out _))
            {
                problems.Add($"{section}:AllowedRemoteNetworks must hold CIDR networks (was '{network}')");
            }
        }
        return problems;
    }

    /// <summary>The forwarding policy every conference gets.</summary>
    internal Forwarding.ForwardingOptions ToForwardingOptions() =>
        new() { DefaultLastN = LastN, AudioSpeakersForwarded = AudioSpeakersForwarded };

    /// <summary>One Worker's options per port.</summary>
    internal IReadOnlyList<WorkerOptions> ToWorkerOptions() =>
        [.. Enumerable.Range(0, Workers).Select(i => new WorkerOptions
        {
            Port = new Transport.UdpPortOptions
            {
                BindAddress = BindAddress,
                Port = Port == 0 ? 0 : Port + i,
                LocalAddresses = LocalAddresses,
                PublicAddress = PublicAddress,
                AllowedRemoteNetworks = AllowedRemoteNetworks,
                NoBatching = !BatchedSocketCalls,
            },
        })];
}

/// <summary>Who this bridge is (section <c>Bridge</c>).</summary>
public sealed class BridgeIdentitySettings : IValidatedSettings
{
    /// <summary>Unique id: the brewery nickname and the colibri-ws server id. Random when empty.</summary>
    public string Id { get; set; } = "";

    /// <summary>Region reported to focuses for region-aware selection.</summary>
    public string Region { get; set; } = "";

    public IEnumerable<string> Validate(string section) =>
        Id.Length > 0 && (Id.Length > 64 || !Id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            ? [$"{section}:Id may hold only letters, digits, '-', '_' and '.' (at most 64) (was '{Id}')"]
            : [];
}

/// <summary>The bridge's private HTTP listener (section <c>Http:Private</c>): health, version, statistics.</summary>
public sealed class BridgeHttpSettings : IValidatedSettings
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 8080;

    public IEnumerable<string> Validate(string section) =>
        SettingsBinder.Required($"{section}:Host", Host).Concat(SettingsBinder.Port($"{section}:Port", Port));
}
