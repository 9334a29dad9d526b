using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Hosting;

namespace Jitsi.Net.Videobridge;

/// <summary>The bridge's XMPP login (section <c>Xmpp</c>; environment <c>Xmpp__Key</c>). Read once at start.</summary>
public sealed class BridgeXmppSettings : IValidatedSettings
{
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
        var problems = SettingsBinder.Required($"{section}:Host", Host)
            .Concat(SettingsBinder.Port($"{section}:Port", Port))
            .Concat(SettingsBinder.Jid($"{section}:Domain", Domain))
            .Concat(SettingsBinder.Required($"{section}:Username", Username))
            .Concat(SettingsBinder.Required($"{section}:Password", Password))
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
