using System.Globalization;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Focus.Bridges;

/// <summary>
/// One bridge as the focus sees it (PROTOCOL.md §5.2): the stats of its latest brewery presence and whether it is
/// operational — a failed health check or colibri2 request makes it non-operational for
/// <see cref="FailureResetTime"/> after the last failure. Stats are replaced whole on each presence; reads and
/// writes of the failure time are atomic. Thread-safe for reads.
/// </summary>
internal sealed class Bridge
{
    public static readonly TimeSpan FailureResetTime = TimeSpan.FromMinutes(1);
    private long _lastFailureTicks;

    public Bridge(string id, Jid occupantJid, Jid realJid)
    {
        Id = id;
        OccupantJid = occupantJid;
        RealJid = realJid;
    }

    public string Id { get; }

    /// <summary>Configured rather than discovered in the brewery.</summary>
    public bool IsStatic { get; init; }

    /// <summary>Its brewery occupant JID (<c>jvbbrewery@…/&lt;id&gt;</c>).</summary>
    public Jid OccupantJid { get; }

    /// <summary>Its full real JID; colibri2 and health checks go here.</summary>
    public Jid RealJid { get; }

    public IReadOnlyDictionary<string, string> Stats { get; private set; } = new Dictionary<string, string>();

    public double StressLevel => Number("stress_level") ?? 0;

    public double AverageParticipantStress => Number("average_participant_stress") ?? 0.01;

    public bool GracefulShutdown => Flag("graceful_shutdown");

    public bool ShuttingDown => Flag("shutting_down");

    /// <summary>§5.2: drain counts as true until the first stats arrive, so an unknown bridge is not preferred.</summary>
    public bool Drain => Stats.Count == 0 || Flag("drain");

    public string? Region => Stats.TryGetValue("region", out var r) && r.Length > 0 ? r : null;

    public string? Version => Stats.TryGetValue("version", out var v) ? v : null;

    public void UpdateStats(IReadOnlyDictionary<string, string> stats) => Stats = stats;

    public bool IsOperational(DateTimeOffset now)
    {
        var last = Interlocked.Read(ref _lastFailureTicks);
        return last == 0 || now.UtcTicks - last > FailureResetTime.Ticks;
    }

    public void MarkFailed(DateTimeOffset now) => Interlocked.Exchange(ref _lastFailureTicks, now.UtcTicks);

    private bool Flag(string name) => Stats.TryGetValue(name, out var v) && v.Equals("true", StringComparison.OrdinalIgnoreCase);

    private double? Number(string name) =>
        Stats.TryGetValue(name, out var v) && double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
