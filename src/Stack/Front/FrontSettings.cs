using System.Net;
using Jitsi.Net.XmppComponent.Hosting;

namespace Jitsi.Net.Stack.Front;

/// <summary>
/// The HTTPS front (section <c>Front</c>; environment <c>Front__Key</c>): one origin for the web page, the XMPP
/// WebSocket and every bridge's colibri-ws channel. Read once at start.
/// </summary>
public sealed class FrontSettings : IValidatedSettings
{
    /// <summary>The address the HTTPS listener binds.</summary>
    public string Host { get; set; } = "0.0.0.0";

    /// <summary>The HTTPS port.</summary>
    public int Port { get; set; } = 443;

    /// <summary>The host name (or address) users type; the page's URLs and a generated certificate use it.</summary>
    public string PublicHost { get; set; } = "";

    /// <summary>PEM certificate (chain) for <see cref="PublicHost"/>; empty generates a self-signed one for trials.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>PEM private key of <see cref="CertificatePath"/>.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>The built web client (<c>web/dist</c>).</summary>
    public string WebRoot { get; set; } = "/usr/share/jitsi-net/web";

    /// <summary>The XMPP server's WebSocket (RFC 7395) that <c>/xmpp-websocket</c> is relayed to.</summary>
    public string XmppWebSocketUrl { get; set; } = "ws://127.0.0.1:5280/xmpp-websocket";

    /// <summary>The users' XMPP domain, written into the page's config.js.</summary>
    public string Domain { get; set; } = "meet.localhost";

    /// <summary>The conference MUC service, written into config.js.</summary>
    public string MucDomain { get; set; } = "conference.meet.localhost";

    /// <summary>The focus component, written into config.js.</summary>
    public string FocusComponent { get; set; } = "focus.meet.localhost";

    /// <summary>
    /// Bridge id (<c>Bridge:Id</c> of each bridge) → that bridge's public HTTP base URL (<c>Http:Public</c>,
    /// e.g. <c>http://10.0.0.5:9090</c>); <c>/colibri-ws/&lt;id&gt;/…</c> is relayed there.
    /// </summary>
    public Dictionary<string, string> Bridges { get; set; } = [];

    /// <summary>
    /// coturn's TLS listener (<c>address:port</c>) to pass TURN-over-TLS connections on <see cref="Port"/> to, for
    /// clients that may only reach port 443; empty: none (then <c>Turn:TlsPort</c> is coturn's own port). A connection
    /// whose TLS ClientHello offers no HTTP protocol by ALPN (or offers <c>stun.turn</c>) counts as TURN: browsers
    /// always offer HTTP, but an HTTP client without ALPN would reach coturn.
    /// </summary>
    public string TurnTlsUpstream { get; set; } = "";

    public IEnumerable<string> Validate(string section)
    {
        var problems = SettingsBinder.Required($"{section}:Host", Host)
            .Concat(SettingsBinder.Port($"{section}:Port", Port))
            .Concat(SettingsBinder.Required($"{section}:PublicHost", PublicHost))
            .Concat(SettingsBinder.Jid($"{section}:Domain", Domain))
            .Concat(SettingsBinder.Jid($"{section}:MucDomain", MucDomain))
            .Concat(SettingsBinder.Jid($"{section}:FocusComponent", FocusComponent))
            .ToList();
        if (!IPAddress.TryParse(Host, out _))
        {
            problems.Add($"{section}:Host must be an IP address (was '{Host}')");
        }
        if (PublicHost.Length > 0 && Uri.CheckHostName(PublicHost) == UriHostNameType.Unknown)
        {
            problems.Add($"{section}:PublicHost must be a host name or an IP address (was '{PublicHost}')");
        }
        if ((CertificatePath.Length == 0) != (KeyPath.Length == 0))
        {
            problems.Add($"{section}:CertificatePath and {section}:KeyPath go together: set both or neither (neither generates a self-signed pair)");
        }
        foreach ((string key, string path) in new[] { ("CertificatePath", CertificatePath), ("KeyPath", KeyPath) })
        {
            if (path.Length > 0 && !File.Exists(path))
            {
                problems.Add($"{section}:{key} names a file that does not exist ('{path}')");
            }
        }
        if (!File.Exists(Path.Combine(WebRoot, "index.html")))
        {
            problems.Add($"{section}:WebRoot holds no index.html ('{WebRoot}'): build the web client (npm run build --prefix web)");
        }
        if (!IsUrl(XmppWebSocketUrl, "ws", "wss"))
        {
            problems.Add($"{section}:XmppWebSocketUrl must be an absolute ws:// or wss:// URL (was '{XmppWebSocketUrl}')");
        }
        if (TurnTlsUpstream.Length > 0 && (!IPEndPoint.TryParse(TurnTlsUpstream, out IPEndPoint? upstream) || upstream.Port == 0))
        {
            problems.Add($"{section}:TurnTlsUpstream must be an address and port such as 127.0.0.1:5349 (was '{TurnTlsUpstream}')");
        }
        foreach ((string id, string url) in Bridges)
        {
            if (id.Length == 0 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                problems.Add($"{section}:Bridges:{id} is not a bridge id (letters, digits, '-', '_' and '.')");
            }
            if (!IsUrl(url, "http", "https"))
            {
                problems.Add($"{section}:Bridges:{id} must be the bridge's public http:// or https:// base URL (was '{url}')");
            }
        }
        return problems;
    }

    private static bool IsUrl(string value, params string[] schemes) =>
        Uri.TryCreate(value, UriKind.Absolute, out Uri? url) && schemes.Contains(url.Scheme);
}

/// <summary>
/// TURN for clients behind UDP-blocking firewalls (section <c>Turn</c>; environment <c>Turn__Key</c>): the TURN
/// server's address and the secret it shares with the front (coturn <c>static-auth-secret</c>). Empty
/// <see cref="Secret"/> offers no TURN. Read once at start.
/// </summary>
public sealed class TurnSettings : IValidatedSettings
{
    /// <summary>The shared secret; never in the repository (an EnvironmentFile or <c>secrets.json</c>).</summary>
    public string Secret { get; set; } = "";

    /// <summary>The TURN server's host name or address as clients reach it.</summary>
    public string Host { get; set; } = "";

    /// <summary>TURN over UDP and TCP.</summary>
    public int Port { get; set; } = 3478;

    /// <summary>TURN over TLS (<c>turns:</c>); 0 offers none.</summary>
    public int TlsPort { get; set; }

    /// <summary>How long handed-out credentials stay valid.</summary>
    public int TtlSeconds { get; set; } = 86400;

    public bool Enabled => Secret.Length > 0;

    public IEnumerable<string> Validate(string section)
    {
        if (!Enabled)
        {
            return [];
        }
        var problems = SettingsBinder.Required($"{section}:Host", Host).Concat(SettingsBinder.Port($"{section}:Port", Port)).ToList();
        if (TlsPort != 0)
        {
            problems.AddRange(SettingsBinder.Port($"{section}:TlsPort", TlsPort));
        }
        if (TtlSeconds is < 60 or > 7 * 86400)
        {
            problems.Add($"{section}:TtlSeconds must be from 60 to 604800 (was {TtlSeconds})");
        }
        return problems;
    }
}
