using System.Collections.Concurrent;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.DataForms;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Muc;

/// <summary>
/// A room we are in (XEP-0045): join (§7.2), create-and-configure (§10.1: a <c>201</c> status on our own presence
/// means we created it), occupant tracking from presence (§7.2.3, real JIDs from <c>muc#user</c> items), our own
/// presence extensions, affiliations (§10.6), group messages and leaving (§7.14). Events run on the connection's
/// dispatch path in wire order; handlers must not block. Occupant reads are thread-safe.
/// </summary>
public sealed class MucRoom
{
    private readonly MucClient _client;
    private readonly ConcurrentDictionary<string, MucOccupant> _occupants = new(StringComparer.Ordinal);
    private readonly Action<DataForm>? _configure;
    private List<XElement> _extensions;
    private TaskCompletionSource<MucOccupant>? _joining;

    internal MucRoom(MucClient client, Jid roomJid, string nickname, IEnumerable<XElement> extensions, Action<DataForm>? configure)
    {
        _client = client;
        RoomJid = roomJid.Bare;
        Nickname = nickname;
        OccupantJid = RoomJid.WithResource(nickname);
        _extensions = [.. extensions];
        _configure = configure;
    }

    public Jid RoomJid { get; }

    public string Nickname { get; }

    public Jid OccupantJid { get; }

    /// <summary>Our own occupant entry, once joined.</summary>
    public MucOccupant? Self { get; private set; }

    public bool IsJoined { get; private set; }

    /// <summary>True if our last join created the room.</summary>
    public bool Created { get; private set; }

    /// <summary>The other occupants by nickname.</summary>
    public IReadOnlyDictionary<string, MucOccupant> Occupants => _occupants;

    public event Action<MucOccupant>? OccupantJoined;

    public event Action<MucOccupant>? OccupantChanged;

    public event Action<MucOccupant>? OccupantLeft;

    public event Action<Message>? MessageReceived;

    /// <summary>Raised when we are no longer in the room (left, kicked, room destroyed).</summary>
    public event Action? Left;

    internal async Task JoinAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        _occupants.Clear();
        IsJoined = false;
        var joining = new TaskCompletionSource<MucOccupant>(TaskCreationOptions.RunContinuationsAsynchronously);
        _joining = joining;
        // XEP-0045 §7.2.1: presence to room/nick with an empty muc element; no history wanted (§7.2.14).
        var presence = BuildPresence();
        presence.Element.Add(new XElement(Namespaces.Muc + "x", new XElement(Namespaces.Muc + "history", new XAttribute("maxstanzas", 0))));
        await Send(presence, cancellationToken).ConfigureAwait(false);
        try
        {
            await joining.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new IQTimeoutException($"no presence from {RoomJid} within {timeout.TotalSeconds:0.#} s after joining as {Nickname}");
        }
        if (Created && _configure is not null)
        {
            await ConfigureAsync(_configure, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Replaces our presence extensions and broadcasts them to the room.</summary>
    public Task SetPresenceAsync(IEnumerable<XElement> extensions, CancellationToken cancellationToken = default)
    {
        _extensions = [.. extensions];
        return Send(BuildPresence(), cancellationToken);
    }

    /// <summary>Fetches the room configuration form, lets <paramref name="edit"/> change the submit form, and sends it
    /// (XEP-0045 §10.2). Requires the owner affiliation.</summary>
    public async Task ConfigureAsync(Action<DataForm> edit, CancellationToken cancellationToken = default)
    {
        var reply = await Request(new Iq(IqType.Get, RoomJid, new XElement(Namespaces.MucOwner + "query")), cancellationToken).ConfigureAwait(false);
        var form = (reply.Payload is { } query ? DataForm.FromParent(query) : null)?.ToSubmit() ?? new DataForm("submit");
        form.Set("FORM_TYPE", "http://jabber.org/protocol/muc#roomconfig");
        edit(form);
        await Request(new Iq(IqType.Set, RoomJid, new XElement(Namespaces.MucOwner + "query", form.ToElement())), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sets the affiliation of a real (bare) JID, e.g. <c>owner</c> (XEP-0045 §10.3, §10.6).</summary>
    public Task SetAffiliationAsync(Jid realJid, string affiliation, CancellationToken cancellationToken = default) =>
        Request(new Iq(IqType.Set, RoomJid, new XElement(Namespaces.MucAdmin + "query",
            new XElement(Namespaces.MucAdmin + "item", new XAttribute("affiliation", affiliation), new XAttribute("jid", realJid.Bare.ToString())))), cancellationToken);

    public Task SendMessageAsync(string body, CancellationToken cancellationToken = default) =>
        Send(new Message(RoomJid, "groupchat", body), cancellationToken);

    /// <summary>Leaves the room (XEP-0045 §7.14) and stops tracking it.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken = default)
    {
        _client.Forget(this);
        IsJoined = false;
        await Send(new Presence(OccupantJid, "unavailable"), cancellationToken).ConfigureAwait(false);
    }

    internal void OnPresence(Presence presence, Jid from)
    {
        var statuses = presence.Element.Element(Namespaces.MucUser + "x")?.Elements(Namespaces.MucUser + "status")
            .Select(s => (string?)s.Attribute("code")).ToHashSet(StringComparer.Ordinal) ?? [];
        var isSelf = statuses.Contains("110") || from.Resource == Nickname;
        if (presence.Type == "error")
        {
            if (isSelf || from.Resource is null)
            {
                _joining?.TrySetException(new StanzaErrorException(presence.Error ?? StanzaError.Of(StanzaErrorCondition.UndefinedCondition),
                    $"joining {RoomJid} as {Nickname} failed: {presence.Error?.ConditionName}{(presence.Error?.Text is { } t ? " (" + t + ")" : "")}"));
            }
            return;
        }
        if (from.Resource is null)
        {
            // The room's own presence (ejabberd announces the room's caps this way) is not an occupant.
            return;
        }
        var occupant = MucOccupant.FromPresence(from, presence);
        if (presence.IsUnavailable)
        {
            if (isSelf)
            {
                IsJoined = false;
                Left?.Invoke();
            }
            else if (_occupants.TryRemove(occupant.Nickname, out var gone))
            {
                OccupantLeft?.Invoke(gone);
            }
            return;
        }
        if (!presence.IsAvailable)
        {
            return;
        }
        if (isSelf)
        {
            Self = occupant;
            if (!IsJoined)
            {
                IsJoined = true;
                Created = statuses.Contains("201");
                _joining?.TrySetResult(occupant);
            }
            return;
        }
        var isNew = !_occupants.ContainsKey(occupant.Nickname);
        _occupants[occupant.Nickname] = occupant;
        (isNew ? OccupantJoined : OccupantChanged)?.Invoke(occupant);
    }

    internal void OnMessage(Message message) => MessageReceived?.Invoke(message);

    private Task Send(Stanza stanza, CancellationToken cancellationToken)
    {
        if (_client.From is not null)
        {
            stanza.From = _client.From;
        }
        return _client.Sender.SendAsync(stanza, cancellationToken);
    }

    private Task<Iq> Request(Iq request, CancellationToken cancellationToken)
    {
        if (_client.From is not null)
        {
            request.From = _client.From;
        }
        return _client.Caller.RequestAsync(_client.Sender, request, null, cancellationToken);
    }

    private Presence BuildPresence()
    {
        var presence = new Presence(OccupantJid);
        foreach (var extension in _extensions)
        {
            presence.Element.Add(new XElement(extension));
        }
        return presence;
    }
}
