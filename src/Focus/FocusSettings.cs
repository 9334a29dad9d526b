using Jitsi.Net.XmppComponent.Hosting;

namespace Jitsi.Net.Focus;

/// <summary>The focus's XMPP settings (section <c>Xmpp</c>; environment <c>Xmpp__Key</c>). Read once at start.</summary>
public sealed class FocusXmppSettings : IValidatedSettings
{
    /// <summary>The XMPP server's address; the domain is never looked up in DNS.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The server's XEP-0114 component port.</summary>
    public int ComponentPort { get; set; } = 5347;

    /// <summary>The main domain, where users log in anonymously.</summary>
    public string Domain { get; set; } = "meet.localhost";

    /// <summary>Our component's name; clients send conference requests here.</summary>
    public string ComponentName { get; set; } = "focus.meet.localhost";

    /// <summary>The component secret shared with the server (never in the repository).</summary>
    public string ComponentSecret { get; set; } = "";

    /// <summary>The conference MUC service.</summary>
    public string MucDomain { get; set; } = "conference.meet.localhost";

    /// <summary>The MUC room where bridges announce themselves.</summary>
    public string BreweryJid { get; set; } = "jvbbrewery@internal.auth.meet.localhost";

    /// <summary>Only brewery occupants whose real JID is this account are trusted as bridges.</summary>
    public string BridgeAccountJid { get; set; } = "jvb@auth.meet.localhost";

    public IEnumerable<string> Validate(string section) =>
        SettingsBinder.Required($"{section}:Host", Host)
            .Concat(SettingsBinder.Port($"{section}:ComponentPort", ComponentPort))
            .Concat(SettingsBinder.Jid($"{section}:Domain", Domain))
            .Concat(SettingsBinder.Jid($"{section}:ComponentName", ComponentName))
            .Concat(SettingsBinder.Required($"{section}:ComponentSecret", ComponentSecret))
            .Concat(SettingsBinder.Jid($"{section}:MucDomain", MucDomain))
            .Concat(SettingsBinder.Jid($"{section}:BreweryJid", BreweryJid))
            .Concat(SettingsBinder.Jid($"{section}:BridgeAccountJid", BridgeAccountJid));
}

/// <summary>The focus's HTTP listener (section <c>Http</c>): health and statistics, loopback by default.</summary>
public sealed class FocusHttpSettings : IValidatedSettings
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 8888;

    public IEnumerable<string> Validate(string section) =>
        SettingsBinder.Required($"{section}:Host", Host).Concat(SettingsBinder.Port($"{section}:Port", Port));
}
