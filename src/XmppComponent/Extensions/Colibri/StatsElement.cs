using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri;

/// <summary>
/// <c>&lt;stats xmlns="http://jitsi.org/protocol/colibri"&gt;&lt;stat name value/&gt;…</c>, a bridge's load and
/// state in its brewery presence (PROTOCOL.md §5.1), with the names the focus reads. Not thread-safe: one owner at a time.
/// </summary>
public sealed class StatsElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Colibri + "stats";

    public const string StressLevel = "stress_level";
    public const string AverageParticipantStress = "average_participant_stress";
    public const string GracefulShutdown = "graceful_shutdown";
    public const string ShuttingDown = "shutting_down";
    public const string Drain = "drain";
    public const string Version = "version";
    public const string Release = "release";
    public const string Region = "region";
    public const string RelayId = "relay_id";
    public const string Healthy = "healthy";

    private static readonly XName StatName = Namespaces.Colibri + "stat";

    public StatsElement(XElement element)
        : base(element)
    {
    }

    /// <summary>Builds the element from name/value pairs, in their order.</summary>
    public StatsElement(IEnumerable<KeyValuePair<string, string>> stats)
        : base(new XElement(ElementName))
    {
        foreach (var (name, value) in stats)
        {
            AppendParameter(StatName, name, value);
        }
    }

    /// <summary>The stats in wire order; unnamed ones are skipped, a missing value reads as empty.</summary>
    public IEnumerable<(string Name, string Value)> Stats => ReadParameters(StatName);

    /// <summary>By name; a repeated name keeps its last value.</summary>
    public Dictionary<string, string> ToDictionary()
    {
        var stats = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in Stats)
        {
            stats[name] = value;
        }
        return stats;
    }

    public string? this[string name] => Stats.Where(s => s.Name == name).Select(s => s.Value).LastOrDefault();

    /// <summary>A stat as a number (invariant culture); null when absent or not a number.</summary>
    public double? Number(string name) =>
        double.TryParse(this[name], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>A stat as a boolean; null when absent or neither true nor false.</summary>
    public bool? Flag(string name) => ParseBool(this[name]);
}
