using System.Collections;
using System.Globalization;
using System.Reflection;
using Jitsi.Net.Stack.DevStack;
using Jitsi.Net.Stack.Front;
using Jitsi.Net.Videobridge;
using Jitsi.Net.XmppComponent.Hosting;
using Microsoft.Extensions.Configuration;

namespace Jitsi.Net.Interop.Tests.Deploy;

/// <summary>
/// <c>docs/CONFIG.md</c> lists every settings key the programs bind, with its environment-variable form and its real
/// default: found by reflection over the settings classes, so a new key or a changed default fails here until the
/// reference says so.
/// </summary>
public sealed class ConfigReferenceTests
{
    /// <summary>Each program's settings classes and the sections they are bound to (as in its Program.cs / command).</summary>
    private static readonly (string Program, string Type, string Section)[] Bound =
    [
        ("Focus", "Jitsi.Net.Focus.FocusXmppSettings", "Xmpp"),
        ("Focus", "Jitsi.Net.Focus.FocusHttpSettings", "Http"),
        ("Focus", "Jitsi.Net.Focus.FocusConferenceSettings", "Conference"),
        ("Videobridge", typeof(BridgeXmppSettings).FullName!, "Xmpp"),
        ("Videobridge", typeof(BridgeIdentitySettings).FullName!, "Bridge"),
        ("Videobridge", typeof(BridgeHttpSettings).FullName!, "Http:Private"),
        ("Videobridge", typeof(BridgePublicHttpSettings).FullName!, "Http:Public"),
        ("Videobridge", typeof(BridgeMediaSettings).FullName!, "Media"),
        ("Front", typeof(FrontSettings).FullName!, "Front"),
        ("Front", typeof(TurnSettings).FullName!, "Turn"),
    ];

    /// <summary>Defaults computed on the machine that runs the program, documented in words.</summary>
    private static readonly Dictionary<string, string> MachineDefaults = new() { ["Videobridge Media:Workers"] = "number of cores" };

    [Fact]
    public void EverySettingsClass_IsListed()
    {
        var listed = Bound.Select(b => b.Type).ToHashSet();
        var found = Assemblies().Values.SelectMany(a => a.GetTypes())
            .Where(t => typeof(IValidatedSettings).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => t.FullName!);

        List<string> unlisted = [.. found.Where(t => !listed.Contains(t))];
        Assert.True(unlisted.Count == 0, "settings classes this test and docs/CONFIG.md do not know: " + string.Join(", ", unlisted));
    }

    [Fact]
    public void ConfigMd_ListsEveryKey_WithItsEnvironmentFormAndDefault()
    {
        string doc = File.ReadAllText(Path.Combine(CheckoutRoot(), "docs", "CONFIG.md"));
        var missing = new List<string>();
        foreach ((string program, string key, string environment, string defaultValue) in Keys())
        {
            string part = ProgramPart(doc, program);
            string expected = $"| `{key}` | `{environment}` | {defaultValue} |";
            if (!part.Contains(expected, StringComparison.Ordinal))
            {
                missing.Add($"{program}: {expected} <meaning> |");
            }
        }

        Assert.True(missing.Count == 0, "docs/CONFIG.md lacks or has a stale row for:\n" + string.Join('\n', missing));
    }

    [Fact]
    public void FrontJsonExample_BindsWithoutUnknownKeys_AndOnlyMissesTheOperatorsFiles()
    {
        IConfiguration configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(CheckoutRoot(), "config", "systemd", "front.json.example"), optional: false).Build();

        var problems = Assert.Throws<ConfigurationException>(() => SettingsBinder.Bind<FrontSettings>(configuration, "Front")).Message;
        // The secret comes from the EnvironmentFile (Turn__Secret), never from the JSON.
        TurnSettings turn = SettingsBinder.Bind<TurnSettings>(new ConfigurationBuilder().AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Turn:Secret"] = "from-the-environment" }).Build(), "Turn");

        // Only the files that exist on a real host are missing here; every key is known and every other value valid.
        Assert.Equal(
            ["Front:CertificatePath", "Front:KeyPath", "Front:WebRoot"],
            problems.Split("; ").Select(p => p.Split(' ')[0]).Order(StringComparer.Ordinal));
        Assert.Equal("meet.example.com", turn.Host);
    }

    [Fact]
    public void ExistingProsodyGuide_ExplainsEveryPlaceholderOfTheSnippets()
    {
        string root = CheckoutRoot();
        string readme = File.ReadAllText(Path.Combine(root, "config", "README.md"));
        int start = readme.IndexOf("## Add Jitsi.Net to an existing Prosody", StringComparison.Ordinal);
        Assert.True(start >= 0, "config/README.md has no section for an existing Prosody");
        string guide = readme[start..readme.IndexOf("\n## ", start + 3, StringComparison.Ordinal)];
        var placeholders = new[] { "prosody-hosts.cfg.lua", "prosody-turn.cfg.lua" }
            .SelectMany(f => System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(root, "config", "snippets", f)), @"\{\{([A-Z0-9_]+)\}\}"))
            .Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.NotEmpty(placeholders);
        Assert.All(placeholders, name => Assert.Contains($"`{name}`", guide, StringComparison.Ordinal));
    }

    /// <summary>Every key of every bound class: <c>Section:Property</c>, lists and maps with a placeholder index.</summary>
    private static IEnumerable<(string Program, string Key, string Environment, string Default)> Keys()
    {
        Dictionary<string, Assembly> assemblies = Assemblies();
        foreach ((string program, string typeName, string section) in Bound)
        {
            Type type = assemblies[program].GetType(typeName, throwOnError: true)!;
            object defaults = Activator.CreateInstance(type)!;
            foreach (PropertyInfo property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
            {
                string suffix = property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>) ? ":<id>"
                    : property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType) ? ":<n>"
                    : "";
                string key = $"{section}:{property.Name}{suffix}";
                string environment = key.Replace(":", "__", StringComparison.Ordinal);
                string value = MachineDefaults.TryGetValue($"{program} {key}", out string? words) ? words : Format(property.GetValue(defaults));
                yield return (program, key, environment, value);
            }
        }
    }

    private static string Format(object? value) => value switch
    {
        null or "" => "—",
        string s => $"`{s}`",
        IDictionary { Count: 0 } => "—",
        IEnumerable e and not string => e.Cast<object>().Any() ? "`" + string.Join(", ", e.Cast<object>()) + "`" : "—",
        IFormattable f => $"`{f.ToString(null, CultureInfo.InvariantCulture)}`",
        _ => $"`{value}`",
    };

    /// <summary>The text from <c>## &lt;program&gt;</c> to the next <c>## </c> heading.</summary>
    private static string ProgramPart(string doc, string program)
    {
        int start = doc.IndexOf($"\n## {program}", StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }
        int end = doc.IndexOf("\n## ", start + 4, StringComparison.Ordinal);
        return end < 0 ? doc[start..] : doc[start..end];
    }

    private static Dictionary<string, Assembly> Assemblies() => new()
    {
        // The Focus is built beside the tests but not referenced as a library.
        ["Focus"] = Assembly.LoadFrom(DevStackOptions.BuiltProgram("Focus", "Jitsi.Net.Focus", DevStackOptions.OwnConfiguration())),
        ["Videobridge"] = typeof(BridgeMediaSettings).Assembly,
        ["Front"] = typeof(FrontSettings).Assembly,
    };

    private static string CheckoutRoot() => Path.GetDirectoryName(Path.GetDirectoryName(DevStackOptions.BuiltWebClient()))!;
}
