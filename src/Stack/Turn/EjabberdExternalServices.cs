using System.Globalization;
using Jitsi.Net.Stack.Prosody;

namespace Jitsi.Net.Stack.Turn;

/// <summary>
/// ejabberd's counterpart of Prosody's TURN block: <c>config/snippets/ejabberd-turn.yml</c> (<c>mod_stun_disco</c>)
/// filled for an instance and indented into the web users' host modules; nothing without a TURN host. Stateless.
/// </summary>
public static class EjabberdExternalServices
{
    public const string Snippet = "snippets/ejabberd-turn.yml";

    /// <summary>Indentation of a module under <c>host_config: &lt;host&gt;: modules:</c> in the template.</summary>
    private const string ModuleIndent = "      ";

    /// <summary>The YAML lines to insert; plain scalars only (the secret is hex, hosts and ports need no quoting).</summary>
    public static string Render(ProsodyOptions options)
    {
        if (options.TurnHost is null)
        {
            return "";
        }
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["TURN_SECRET"] = options.TurnSecret,
            ["TURN_TTL"] = options.TurnTtlSeconds.ToString(CultureInfo.InvariantCulture),
            ["TURN_HOST"] = options.TurnHost,
            ["TURN_PORT"] = options.TurnPort.ToString(CultureInfo.InvariantCulture),
            ["TURN_TLS_PORT"] = options.TurnTlsPort.ToString(CultureInfo.InvariantCulture),
        };
        if (values.Values.Any(v => v.Any(c => c is '"' or '\\' or '\n' or '#')))
        {
            throw new ArgumentException("A TURN value would need YAML quoting.", nameof(options));
        }
        string filled = ConfigTemplates.Fill(File.ReadAllText(ConfigTemplates.Find(Snippet)), values, Snippet);
        return string.Join('\n', filled.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => ModuleIndent + l));
    }
}
