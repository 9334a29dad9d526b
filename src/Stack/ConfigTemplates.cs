using System.Text.RegularExpressions;

namespace Jitsi.Net.Stack;

/// <summary>
/// The files under <c>config/</c> with <c>{{NAME}}</c> placeholders (Prosody, coturn, snippets): where to find them
/// and how to fill them. A placeholder without a value is an error, so a template and its renderer cannot drift
/// apart silently. Stateless.
/// </summary>
internal static partial class ConfigTemplates
{
    /// <summary>Replaces every <c>{{NAME}}</c> in <paramref name="template"/> with its value.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values, string what) =>
        Placeholder().Replace(template, match =>
            values.TryGetValue(match.Groups[1].Value, out string? value)
                ? value
                : throw new InvalidOperationException($"Unknown placeholder {match.Value} in the {what} template."));

    /// <summary>
    /// <c>config/&lt;relativePath&gt;</c>: beside the program when built (copied to the output directory) or in a
    /// parent directory when run from a checkout.
    /// </summary>
    public static string Find(string relativePath)
    {
        string copied = Path.Combine(AppContext.BaseDirectory, "config", relativePath);
        if (File.Exists(copied))
        {
            return copied;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "config", relativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"config/{relativePath} was found neither beside {AppContext.BaseDirectory} nor in a parent directory.");
    }

    [GeneratedRegex(@"\{\{([A-Z0-9_]+)\}\}")]
    private static partial Regex Placeholder();
}
