using System.Collections.Concurrent;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Extensions.DataForms;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Muc;

/// <summary>
/// The rooms one connection is in (XEP-0045). Presence and group messages from a room's address go to that room.
/// With a <see cref="ReconnectingConnection"/>, every room is joined again on each new session, so rooms survive a
/// server restart. Thread-safe.
/// </summary>
public sealed class MucClient
{
    private readonly ConcurrentDictionary<Jid, MucRoom> _rooms = new();

    /// <param name="router">Where room presence and messages arrive.</param>
    /// <param name="sender">The connection to send on.</param>
    /// <param name="from">The full JID to join from; a component must choose one inside its domain
    /// (e.g. <c>focus.meet.localhost/focus</c>); a client leaves it null and the server stamps its bound JID.</param>
    public MucClient(StanzaRouter router, IStanzaSender sender, Jid? from = null)
    {
        Sender = sender;
        From = from;
        Caller = router.Caller;
        router.HandlePresence(OnPresenceAsync);
        router.HandleMessage(OnMessageAsync);
        if (sender is ReconnectingConnection connection)
        {
            connection.OnConnected((_, ct) => RejoinAllAsync(ct));
        }
    }

    public IStanzaSender Sender { get; }

    public Jid? From { get; }

    public IQCaller Caller { get; }

    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public IReadOnlyCollection<MucRoom> Rooms => [.. _rooms.Values];

    /// <summary>Joins (or creates) <paramref name="roomJid"/> as <paramref name="nickname"/> with the given presence
    /// extensions. When the join creates the room, <paramref name="configure"/> edits its configuration form before
    /// the method returns (so no one else sees it unconfigured for long).</summary>
    public async Task<MucRoom> JoinAsync(Jid roomJid, string nickname, IEnumerable<XElement>? extensions = null, Action<DataForm>? configure = null, CancellationToken cancellationToken = default)
    {
        var room = new MucRoom(this, roomJid, nickname, extensions ?? [], configure);
        if (!_rooms.TryAdd(room.RoomJid, room))
        {
            throw new InvalidOperationException($"already in {room.RoomJid}");
        }
        try
        {
            await room.JoinAsync(JoinTimeout, cancellationToken).ConfigureAwait(false);
            return room;
        }
        catch
        {
            _rooms.TryRemove(room.RoomJid, out _);
            throw;
        }
    }

    public MucRoom? Find(Jid roomJid) => _rooms.TryGetValue(roomJid.Bare, out var room) ? room : null;

    /// <summary>Joins every tracked room again (after a reconnect).</summary>
    public async Task RejoinAllAsync(CancellationToken cancellationToken)
    {
        foreach (var room in _rooms.Values)
        {
            await room.JoinAsync(JoinTimeout, cancellationToken).ConfigureAwait(false);
        }
    }

    internal void Forget(MucRoom room) => _rooms.TryRemove(room.RoomJid, out _);

    private Task OnPresenceAsync(Presence presence)
    {
        if (presence.From is { } from && _rooms.TryGetValue(from.Bare, out var room))
        {
            room.OnPresence(presence, from);
        }
        return Task.CompletedTask;
    }

    private Task OnMessageAsync(Message message)
    {
        if (message.Type == "groupchat" && message.From is { } from && _rooms.TryGetValue(from.Bare, out var room))
        {
            room.OnMessage(message);
        }
        return Task.CompletedTask;
    }
}
