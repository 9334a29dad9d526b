using System.Globalization;
using System.Xml.Linq;
using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.XmppComponent.Extensions.DataForms;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Focus.Conferences;

/// <summary>
/// One conference: the MUC room the focus created and owns (PROTOCOL.md §1.4), its participants, who owns the room,
/// and the focus's own presence extensions (versions, conference properties, <c>bridgeNotAvailable</c>).
/// Everything runs on the conference's <see cref="SerialQueue"/>; no locks.
/// </summary>
internal sealed class Conference
{

    private readonly MucClient _muc;
    private readonly BridgeRegistry _bridges;
    private readonly ILogger _logger;
    private readonly Dictionary<string, MucOccupant> _participants = new(StringComparer.Ordinal);
    private string? _ownerNick;

    public Conference(Jid roomJid, MucClient muc, BridgeRegistry bridges, ConferenceServices services, ILogger logger, TimeProvider time)
    {
        RoomJid = roomJid;
        _muc = muc;
        _bridges = bridges;
        _logger = logger;
        Queue = new SerialQueue(logger);
        CreatedMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        Sessions = new ConferenceSessions(roomJid, () => MeetingId, Queue, services, logger);
        Sessions.WaitingForBridgeChanged = () => UpdatePresenceAsync();
    }

    public Jid RoomJid { get; }

    public SerialQueue Queue { get; }

    /// <summary>The participants' Jingle sessions and the bridge behind them.</summary>
    public ConferenceSessions Sessions { get; }

    public MucRoom? Room { get; private set; }

    /// <summary>From the room's <c>muc#roominfo_meetingId</c>, or a new UUID (colibri2 requires one).</summary>
    public string MeetingId { get; private set; } = Guid.NewGuid().ToString();

    public long CreatedMs { get; }

    public bool IsStarted => Room is { IsJoined: true };

    public bool HasEnded { get; private set; }

    public IReadOnlyCollection<string> ParticipantNicks => [.. _participants.Keys];

    public string? OwnerNick => _ownerNick;

    /// <summary>Raised (on the queue) when the last participant has left and the focus has left the room.</summary>
    public event Action<Conference>? Ended;

    /// <summary>Creates (or joins) and configures the room. Runs on the queue.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var room = await _muc.JoinAsync(RoomJid, "focus", PresenceExtensions(), Configure, cancellationToken).ConfigureAwait(false);
        room.OccupantJoined += o => Queue.Post(() => OnJoinedAsync(o));
        room.OccupantChanged += o => Queue.Post(() =>
        {
            OnChanged(o);
            Sessions.OnChanged(o);
            return Task.CompletedTask;
        });
        room.OccupantLeft += o => Queue.Post(() => OnLeftAsync(o));
        Room = room;
        foreach (var occupant in room.Occupants.Values)
        {
            await OnJoinedAsync(occupant).ConfigureAwait(false);
        }
        _logger.LogInformation("Conference {Room} started (meeting {MeetingId}, created the room: {Created})", RoomJid, MeetingId, room.Created);
    }

    /// <summary>Re-publishes the focus presence (e.g. when bridge availability changes). Runs on the queue.</summary>
    public Task UpdatePresenceAsync(CancellationToken cancellationToken = default) =>
        Room is { IsJoined: true } room ? room.SetPresenceAsync(PresenceExtensions(), cancellationToken) : Task.CompletedTask;

    private void Configure(DataForm form)
    {
        // PROTOCOL.md §1.4: real JIDs visible to all, so clients can recognise the focus by its real JID.
        form.Set("muc#roomconfig_whois", "anyone");
        form.Set("muc#roomconfig_persistentroom", "0");
        if (form.Value("muc#roominfo_meetingId") is { Length: > 0 } meetingId)
        {
            MeetingId = meetingId;
        }
    }

    private List<XElement> PresenceExtensions()
    {
        var properties = new XElement(Namespaces.Focus + "conference-properties",
            Property("support-terminate-restart", "true"),
            Property("bridge-count", _bridges.Bridges.Count.ToString(CultureInfo.InvariantCulture)),
            Property("created-ms", CreatedMs.ToString(CultureInfo.InvariantCulture)),
            Property("visitors-enabled", "false"));
        var extensions = new List<XElement>
        {
            new(Namespaces.JitMeet + "versions", new XElement(Namespaces.JitMeet + "component", new XAttribute("name", "focus"), typeof(Conference).Assembly.GetName().Version?.ToString() ?? "0")),
            properties,
        };
        if (_bridges.Bridges.Count == 0 || Sessions.WaitingForBridge)
        {
            extensions.Add(new XElement(Namespaces.Focus + "bridgeNotAvailable"));
        }
        return extensions;
    }

    private static XElement Property(string key, string value) =>
        new(Namespaces.Focus + "property", new XAttribute("key", key), new XAttribute("value", value));

    private async Task OnJoinedAsync(MucOccupant occupant)
    {
        if (!_participants.TryAdd(occupant.Nickname, occupant))
        {
            return;
        }
        _logger.LogInformation("{Nick} ({Jid}) joined {Room}", occupant.Nickname, occupant.RealJid, RoomJid);
        if (_ownerNick is null)
        {
            await GrantOwnerAsync(occupant).ConfigureAwait(false);
        }
        await Sessions.OnJoinedAsync(occupant).ConfigureAwait(false);
    }

    private void OnChanged(MucOccupant occupant)
    {
        if (_participants.ContainsKey(occupant.Nickname))
        {
            _participants[occupant.Nickname] = occupant;
        }
    }

    private async Task OnLeftAsync(MucOccupant occupant)
    {
        if (!_participants.Remove(occupant.Nickname))
        {
            return;
        }
        _logger.LogInformation("{Nick} left {Room}", occupant.Nickname, RoomJid);
        await Sessions.OnLeftAsync(occupant).ConfigureAwait(false);
        if (_participants.Count == 0)
        {
            await EndAsync().ConfigureAwait(false);
            return;
        }
        if (_ownerNick == occupant.Nickname)
        {
            _ownerNick = null;
            // The longest-present participant becomes the owner, as Jicofo's auto-owner does.
            await GrantOwnerAsync(_participants.Values.First()).ConfigureAwait(false);
        }
    }

    /// <summary>PROTOCOL.md §1.4 auto-owner: the first participant (then the next) gets the owner affiliation.</summary>
    private async Task GrantOwnerAsync(MucOccupant occupant)
    {
        if (occupant.RealJid is null || Room is null)
        {
            return;
        }
        try
        {
            await Room.SetAffiliationAsync(occupant.RealJid.Bare, "owner").ConfigureAwait(false);
            _ownerNick = occupant.Nickname;
        }
        catch (Exception e) when (e is StanzaErrorException or TimeoutException or IOException)
        {
            _logger.LogWarning("Could not make {Nick} owner of {Room}: {Reason}", occupant.Nickname, RoomJid, e.Message);
        }
    }

    /// <summary>Leaves the room (the server then destroys it) and stops. Runs on the queue.</summary>
    public async Task EndAsync()
    {
        if (HasEnded)
        {
            return;
        }
        HasEnded = true;
        await Sessions.EndAsync().ConfigureAwait(false);
        if (Room is not null)
        {
            try
            {
                await Room.LeaveAsync().ConfigureAwait(false);
            }
            catch (IOException)
            {
            }
        }
        _logger.LogInformation("Conference {Room} ended", RoomJid);
        Ended?.Invoke(this);
    }
}
