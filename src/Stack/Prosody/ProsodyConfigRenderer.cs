using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Jitsi.Net.Stack.Prosody;

/// <summary>
/// Turns <c>config/prosody.cfg.lua.template</c> into a config for one instance by replacing its
/// <c>{{NAME}}</c> placeholders. Stateless.
/// </summary>
internal static partial class ProsodyConfigRenderer
{
    public const string TemplateFileName = "prosody.cfg.lua.template";

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
        };
        string text = Placeholder().Replace(template, match =>
            values.TryGetValue(match.Groups[1].Value, out string? value)
                ? value
                : throw new InvalidOperationException($"Unknown placeholder {match.Value} in the Prosody config template."));
        return text;
    }

    /// <summary>
    /// The template sits in <c>config/</c> beside the program when built (copied to the output
    /// directory) and at the repository root when run from a checkout.
    /// </summary>
    public static string FindTemplate()
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "config", TemplateFileName);
        if (File.Exists(copied))
        {
            return copied;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "config", TemplateFileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"config/{TemplateFileName} was found neither beside {AppContext.BaseDirectory} nor in a parent directory.");
    }

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

    [GeneratedRegex(@"\{\{([A-Z0-9_]+)\}\}")]
    private static partial Regex Placeholder();
}
