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

    /// <summary>Bridges to use besides those in the brewery, by full JID (e.g. <c>jvb@auth.meet.localhost/jvb1</c>).</summary>
    public List<string> StaticBridges { get; set; } = [];

    public IEnumerable<string> Validate(string section) =>
        SettingsBinder.Required($"{section}:Host", Host)
            .Concat(SettingsBinder.Port($"{section}:ComponentPort", ComponentPort))
            .Concat(SettingsBinder.Jid($"{section}:Domain", Domain))
            .Concat(SettingsBinder.Jid($"{section}:ComponentName", ComponentName))
            .Concat(SettingsBinder.Required($"{section}:ComponentSecret", ComponentSecret))
            .Concat(SettingsBinder.Jid($"{section}:MucDomain", MucDomain))
            .Concat(SettingsBinder.Jid($"{section}:BreweryJid", BreweryJid))
            .Concat(SettingsBinder.Jid($"{section}:BridgeAccountJid", BridgeAccountJid))
            .Concat(StaticBridges.SelectMany((jid, i) => SettingsBinder.Jid($"{section}:StaticBridges:{i}", jid, allowResource: true)));
}

/// <summary>The focus's HTTP listener (section <c>Http</c>): health and statistics, loopback by default.</summary>
public sealed class FocusHttpSettings : IValidatedSettings
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 8888;

    public IEnumerable<string> Validate(string section) =>
        SettingsBinder.Required($"{section}:Host", Host).Concat(SettingsBinder.Port($"{section}:Port", Port));
}

/// <summary>
/// How the focus runs conferences (section <c>Conference</c>): when Jingle sessions start, the lone-participant
/// timeout, source limits, re-invite rate limits and the codecs offered (PROTOCOL.md §1.6, §2.2, §2.3, §2.6).
/// Read once at start.
/// </summary>
public sealed class FocusConferenceSettings : IValidatedSettings
{
    /// <summary>Sessions start once this many participants (the focus not counted) are in the room.</summary>
    public int MinParticipants { get; set; } = 2;

    /// <summary>A participant left alone gets <c>session-terminate</c> (expired) after this long.</summary>
    public double SingleParticipantTimeoutSeconds { get; set; } = 20;

    /// <summary>Jicofo's <c>max-ssrcs-per-user</c>: SSRCs (and, separately, groups) one endpoint may signal.</summary>
    public int MaxSsrcsPerEndpoint { get; set; } = 20;

    /// <summary>How long a participant has to answer disco#info before audio and video are assumed.</summary>
    public double DiscoTimeoutSeconds { get; set; } = 5;

    /// <summary>Restart requests closer together than this are refused.</summary>
    public double RestartMinIntervalSeconds { get; set; } = 5;

    /// <summary>At most this many restarts per participant in any minute.</summary>
    public int RestartsPerMinute { get; set; } = 5;

    public int OpusPayloadType { get; set; } = 111;

    public int Vp8PayloadType { get; set; } = 100;

    /// <summary>RTX for VP8 (apt = <see cref="Vp8PayloadType"/>); 0 turns RTX off.</summary>
    public int Vp8RtxPayloadType { get; set; } = 96;

    public int AudioLevelExtensionId { get; set; } = 1;

    public int AbsSendTimeExtensionId { get; set; } = 3;

    public int TransportCcExtensionId { get; set; } = 5;

    public TimeSpan SingleParticipantTimeout => TimeSpan.FromSeconds(SingleParticipantTimeoutSeconds);

    public IEnumerable<string> Validate(string section)
    {
        if (MinParticipants < 1)
        {
            yield return $"{section}:MinParticipants must be at least 1";
        }
        if (SingleParticipantTimeoutSeconds <= 0 || DiscoTimeoutSeconds <= 0 || RestartMinIntervalSeconds < 0)
        {
            yield return $"{section}: timeouts must be positive";
        }
        if (MaxSsrcsPerEndpoint < 1 || RestartsPerMinute < 1)
        {
            yield return $"{section}:MaxSsrcsPerEndpoint and RestartsPerMinute must be at least 1";
        }
        foreach (var (name, pt) in new[] { ("OpusPayloadType", OpusPayloadType), ("Vp8PayloadType", Vp8PayloadType) })
        {
            if (pt is < 96 or > 127)
            {
                yield return $"{section}:{name} must be a dynamic payload type (96..127)";
            }
        }
        if (Vp8RtxPayloadType != 0 && (Vp8RtxPayloadType is < 96 or > 127 || Vp8RtxPayloadType == Vp8PayloadType))
        {
            yield return $"{section}:Vp8RtxPayloadType must be 0 or another dynamic payload type";
        }
    }
}
