using System.Collections.Concurrent;
using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.Focus.Xmpp;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Focus.Conferences;

/// <summary>
/// The running conferences by room. A conference request starts one (create, join and configure the room) and
/// waits until it has started; concurrent requests for the same room share the start. A conference that ends is
/// removed. Thread-safe.
/// </summary>
internal sealed class ConferenceRegistry
{
    private readonly ConcurrentDictionary<Jid, Lazy<Task<Conference>>> _conferences = new();
    private readonly FocusConnection _connection;
    private readonly BridgeRegistry _bridges;
    private readonly ILoggerFactory _loggers;
    private readonly ConferenceServices _services;
    private readonly TimeProvider _time;

    public ConferenceRegistry(FocusConnection connection, BridgeRegistry bridges, ConferenceServices services, ILoggerFactory loggers, TimeProvider? time = null)
    {
        _connection = connection;
        _services = services;
        _bridges = bridges;
        _loggers = loggers;
        _time = time ?? TimeProvider.System;
        _bridges.Changed += () =>
        {
            foreach (var conference in Started)
            {
                conference.Queue.Post(() => conference.UpdatePresenceAsync());
                conference.Queue.Post(conference.Sessions.OnBridgesChangedAsync);
            }
        };
        _bridges.Removed += OnBridgeLost;
        _bridges.ShuttingDown += OnBridgeLost;
    }

    /// <summary>A bridge left the brewery, failed its health check or is shutting down: conferences on it move
    /// (PROTOCOL.md §5.4).</summary>
    public void OnBridgeLost(Bridge bridge)
    {
        foreach (var conference in Started)
        {
            conference.Queue.Post(() => conference.Sessions.OnBridgeLostAsync(bridge));
        }
    }

    public IReadOnlyCollection<Conference> Started =>
        [.. _conferences.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result)];

    /// <summary>Returns the conference of <paramref name="roomJid"/>, starting it if needed.</summary>
    public async Task<Conference> GetOrStartAsync(Jid roomJid, CancellationToken cancellationToken)
    {
        var entry = _conferences.GetOrAdd(roomJid.Bare, room => new Lazy<Task<Conference>>(() => StartAsync(room)));
        try
        {
            return await entry.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (entry.Value.IsFaulted)
        {
            // A failed start is forgotten so the next request tries again.
            _conferences.TryRemove(new KeyValuePair<Jid, Lazy<Task<Conference>>>(roomJid.Bare, entry));
            throw;
        }
    }

    public Conference? Find(Jid roomJid) =>
        _conferences.TryGetValue(roomJid.Bare, out var entry) && entry.IsValueCreated && entry.Value.IsCompletedSuccessfully ? entry.Value.Result : null;

    private async Task<Conference> StartAsync(Jid roomJid)
    {
        var conference = new Conference(roomJid, _connection.Muc, _bridges, _services, _loggers.CreateLogger<Conference>(), _time);
        conference.Ended += ended => _conferences.TryRemove(ended.RoomJid, out _);
        await conference.Queue.RunAsync(() => conference.StartAsync(CancellationToken.None)).ConfigureAwait(false);
        return conference;
    }
}
