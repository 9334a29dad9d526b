using Microsoft.Extensions.Configuration;

namespace Jitsi.Net.XmppComponent.Hosting;

/// <summary>Settings that check themselves after binding; each problem names its full key.</summary>
public interface IValidatedSettings
{
    /// <summary>Problems found, each starting with the key, e.g. <c>"Xmpp:Port must be 1–65535 (was 0)"</c>.</summary>
    IEnumerable<string> Validate(string section);
}

/// <summary>
/// Binds a configuration section (appsettings.json, then environment variables such as <c>Xmpp__Port</c>) to a
/// settings object and validates it at start, so a bad value stops the process with a message naming the key
/// instead of failing later. Unknown keys in the section are errors too (a typo is not silently ignored).
/// </summary>
public static class SettingsBinder
{
    public static T Bind<T>(IConfiguration configuration, string section)
        where T : IValidatedSettings, new()
    {
        T settings;
        try
        {
            settings = configuration.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new ConfigurationException(e.InnerException is null ? e.Message : e.Message + " " + e.InnerException.Message, e);
        }
        var problems = settings.Validate(section).ToList();
        if (problems.Count > 0)
        {
            throw new ConfigurationException(string.Join("; ", problems));
        }
        return settings;
    }

    /// <summary>A check for a TCP/UDP port value.</summary>
    public static IEnumerable<string> Port(string key, int value) =>
        value is >= 1 and <= 65535 ? [] : [$"{key} must be a port number from 1 to 65535 (was {value})"];

    /// <summary>A check for a required string value; names the environment variable too.</summary>
    public static IEnumerable<string> Required(string key, string? value) =>
        string.IsNullOrWhiteSpace(value) ? [$"{key} is required (set it in appsettings.json or the environment variable {key.Replace(":", "__", StringComparison.Ordinal)})"] : [];

    /// <summary>A check that a value is a JID (bare unless <paramref name="allowResource"/>).</summary>
    public static IEnumerable<string> Jid(string key, string? value, bool allowResource = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Required(key, value);
        }
        if (!Stanzas.Jid.TryParse(value, out var jid) || (!allowResource && !jid.IsBare))
        {
            return [$"{key} must be a valid {(allowResource ? "" : "bare ")}JID (was '{value}')"];
        }
        return [];
    }
}
