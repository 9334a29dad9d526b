using System.Globalization;
using System.Text;

namespace Jitsi.Net.Stack.Prosody;

/// <summary>
/// Turns <c>config/prosody.cfg.lua.template</c> into a config for one instance by replacing its
/// <c>{{NAME}}</c> placeholders. Stateless.
/// </summary>
internal static class ProsodyConfigRenderer
{
    public const string TemplateFileName = "prosody.cfg.lua.template";

    /// <summary>The hosts and components, shared with operators of an existing Prosody.</summary>
    public const string HostsSnippet = "snippets/prosody-hosts.cfg.lua";

    /// <summary>The XEP-0215 TURN block inserted into the web clients' host.</summary>
    public const string TurnSnippet = "snippets/prosody-turn.cfg.lua";

    /// <summary>The anonymous host for guests beside an accounts-only main domain.</summary>
    public const string GuestsSnippet = "snippets/prosody-guests.cfg.lua";

    /// <summary>Set to 1 when rendering to get a debug-level Prosody log.</summary>
    public const string DebugEnvironmentVariable = "JITSINET_PROSODY_DEBUG";

    public static string Render(ProsodyOptions options) => Render(File.ReadAllText(FindTemplate()), options);

    public static string Render(string template, ProsodyOptions options)
    {
        bool debug = options.Debug || Environment.GetEnvironmentVariable(DebugEnvironmentVariable) == "1";
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DATA_DIR"] = LuaString(options.DataDirectory),
            ["LOG_LEVEL"] = debug ? "debug" : "info",
            ["HOST"] = LuaString(options.Host),
            ["C2S_PORT"] = options.C2sPort.ToString(CultureInfo.InvariantCulture),
            ["COMPONENT_PORT"] = options.ComponentPort.ToString(CultureInfo.InvariantCulture),
            ["HTTP_PORT"] = options.HttpPort.ToString(CultureInfo.InvariantCulture),
            ["DOMAIN"] = LuaString(options.Domain),
            ["AUTH_DOMAIN"] = LuaString(options.AuthDomain),
            ["MUC_DOMAIN"] = LuaString(options.MucDomain),
            ["INTERNAL_MUC_DOMAIN"] = LuaString(options.InternalMucDomain),
            ["FOCUS_COMPONENT"] = LuaString(options.FocusComponent),
            ["BRIDGE_ACCOUNT_JID"] = LuaString(options.BridgeAccountJid),
            ["COMPONENT_SECRET"] = LuaString(options.ComponentSecret),
            ["BRIDGE_COMPONENT"] = LuaString(options.BridgeComponent),
            ["BRIDGE_COMPONENT_SECRET"] = LuaString(options.BridgeComponentSecret),
            ["CERT_DIR"] = LuaString(options.CertificateDirectory),
            ["CERT_PATH"] = LuaString(options.CertificatePath),
            ["KEY_PATH"] = LuaString(options.KeyPath),
            ["TURN_HOST"] = LuaString(options.TurnHost ?? ""),
            ["TURN_PORT"] = options.TurnPort.ToString(CultureInfo.InvariantCulture),
            ["TURN_TLS_PORT"] = options.TurnTlsPort.ToString(CultureInfo.InvariantCulture),
            ["TURN_SECRET"] = LuaString(options.TurnSecret),
            ["TURN_TTL"] = options.TurnTtlSeconds.ToString(CultureInfo.InvariantCulture),
            ["WEB_AUTHENTICATION"] = options.RequireAccounts ? "internal_hashed" : "anonymous",
            ["GUEST_DOMAIN"] = LuaString(options.GuestDomain ?? ""),
        };
        values["EXTERNAL_SERVICES"] = options.TurnHost is null
            ? "    -- No TURN server: no XEP-0215 external services."
            : ConfigTemplates.Fill(File.ReadAllText(ConfigTemplates.Find(TurnSnippet)).TrimEnd(), values, TurnSnippet);
        values["GUEST_HOST"] = options.GuestDomain is null
            ? "-- No separate guest host."
            : ConfigTemplates.Fill(File.ReadAllText(ConfigTemplates.Find(GuestsSnippet)).TrimEnd(), values, GuestsSnippet);
        values["JITSI_NET_HOSTS"] = ConfigTemplates.Fill(File.ReadAllText(ConfigTemplates.Find(HostsSnippet)), values, HostsSnippet);
        return ConfigTemplates.Fill(template, values, "Prosody config");
    }

    /// <summary>The template: beside the program when built, in <c>config/</c> of a checkout otherwise.</summary>
    public static string FindTemplate() => ConfigTemplates.Find(TemplateFileName);

    /// <summary>Escapes a value for a double-quoted Lua string; the template supplies the quotes.</summary>
    private static string LuaString(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            switch (c)
            {
                case '\\': builder.Append(@"\\"); break;
                case '"': builder.Append("\\\""); break;
                case '\n': builder.Append(@"\n"); break;
                case '\r': builder.Append(@"\r"); break;
                default:
                    if (char.IsControl(c))
                    {
                        throw new ArgumentException($"Control character in a Prosody config value: {value}", nameof(value));
                    }

                    builder.Append(c);
                    break;
            }
        }

        return builder.ToString();
    }
}
