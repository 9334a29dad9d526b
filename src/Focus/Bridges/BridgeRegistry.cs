using System.Collections.Concurrent;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Colibri;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Focus.Bridges;

/// <summary>
/// The bridges present in the brewery MUC. An occupant counts as a bridge only if its real JID (visible because the
/// brewery exposes real JIDs to the focus) is the configured bridge account: anyone else who manages to enter the
/// room is ignored and logged. Stats come from the <c>&lt;stats xmlns="http://jitsi.org/protocol/colibri"&gt;</c>
/// presence extension. Updated from the connection's dispatch path; read from any thread.
/// </summary>
internal sealed class BridgeRegistry
{
    private readonly ConcurrentDictionary<string, Bridge> _bridges = new(StringComparer.Ordinal);
    private readonly Jid _bridgeAccount;
    private readonly ILogger<BridgeRegistry> _logger;

    public BridgeRegistry(FocusXmppSettings settings, ILogger<BridgeRegistry> logger)
    {
        _bridgeAccount = Jid.Parse(settings.BridgeAccountJid).Bare;
        _logger = logger;
    }

    public IReadOnlyCollection<Bridge> Bridges => [.. _bridges.Values];

    public Bridge? Find(string id) => _bridges.TryGetValue(id, out var bridge) ? bridge : null;

    /// <summary>Raised when a bridge joins or leaves (not on stats updates).</summary>
    public event Action? Changed;

    /// <summary>Raised when a bridge leaves the brewery: its conferences must move (PROTOCOL.md §5.4).</summary>
    public event Action<Bridge>? Removed;

    /// <summary>Raised when a bridge's presence starts saying <c>shutting_down</c>: its conferences must move (§5.4).</summary>
    public event Action<Bridge>? ShuttingDown;

    /// <summary>Follows a brewery room: current occupants and every later change.</summary>
    public void Track(MucRoom brewery)
    {
        Resync(brewery);
        brewery.OccupantJoined += Update;
        brewery.OccupantChanged += Update;
        brewery.OccupantLeft += occupant =>
        {
            if (_bridges.TryRemove(occupant.Nickname, out var gone))
            {
                _logger.LogInformation("Bridge {Id} left the brewery", occupant.Nickname);
                Removed?.Invoke(gone);
                Changed?.Invoke();
            }
        };
    }

    /// <summary>Starts over from the room's current occupants (after a re-join).</summary>
    /// <summary>A bridge configured by JID rather than discovered in the brewery (issue "Focus" §4: an optional static
    /// list). It has no stats, so it counts as draining and is chosen after brewery bridges; health checks still apply.
    /// It survives brewery re-syncs.</summary>
    public Bridge AddStatic(Jid bridgeJid)
    {
        var id = bridgeJid.Resource ?? bridgeJid.ToString();
        var bridge = new Bridge(id, bridgeJid, bridgeJid) { IsStatic = true };
        _bridges[id] = bridge;
        _logger.LogInformation("Static bridge {Id} ({Jid}) configured", id, bridgeJid);
        Changed?.Invoke();
        return bridge;
    }

    public void Resync(MucRoom brewery)
    {
        foreach (var (id, bridge) in _bridges)
        {
            if (!bridge.IsStatic)
            {
                _bridges.TryRemove(id, out _);
            }
        }
        foreach (var occupant in brewery.Occupants.Values)
        {
            Update(occupant);
        }
        Changed?.Invoke();
    }

    /// <summary>Trust rule: the occupant is a bridge only when its real JID is the bridge account.</summary>
    public bool IsTrusted(MucOccupant occupant) => occupant.RealJid is { } real && real.Bare == _bridgeAccount;

    internal void Update(MucOccupant occupant)
    {
        if (!IsTrusted(occupant))
        {
            _logger.LogWarning("Ignoring brewery occupant {Nick} with real JID {Jid}: not the bridge account {Account}",
                occupant.Nickname, occupant.RealJid?.ToString() ?? "(hidden)", _bridgeAccount);
            return;
        }
        var stats = occupant.Extension(StatsElement.ElementName) is { } element ? new StatsElement(element).ToDictionary() : [];
        var isNew = !_bridges.TryGetValue(occupant.Nickname, out var bridge) || bridge.RealJid != occupant.RealJid;
        if (isNew)
        {
            bridge = new Bridge(occupant.Nickname, occupant.OccupantJid, occupant.RealJid!);
            _bridges[occupant.Nickname] = bridge;
        }
        var wasShuttingDown = !isNew && bridge!.ShuttingDown;
        bridge!.UpdateStats(stats);
        if (!wasShuttingDown && bridge.ShuttingDown)
        {
            _logger.LogInformation("Bridge {Id} is shutting down", bridge.Id);
            ShuttingDown?.Invoke(bridge);
        }
        if (isNew)
        {
            _logger.LogInformation("Bridge {Id} ({Jid}) joined the brewery", occupant.Nickname, occupant.RealJid);
            Changed?.Invoke();
        }
    }
}
