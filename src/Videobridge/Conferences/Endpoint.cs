using System.Security.Cryptography;
using Jitsi.Net.Videobridge.Http.BridgeChannel;

namespace Jitsi.Net.Videobridge.Conferences;

/// <summary>
/// One participant's endpoint in a conference: its id (the MUC nickname), the colibri-ws password (24 random
/// alphanumerics, fixed for the endpoint's life so it survives ICE restarts — PROTOCOL.md §4.1), the bridge channel
/// when connected, and what the receiver asked for over it. Signalling state; guarded by the endpoint's lock where
/// the bridge channel and colibri2 both touch it.
/// </summary>
internal sealed class Endpoint
{
    private const string PasswordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly Lock _gate = new();
    // LastN null until the receiver sends one: the bridge's configured default applies until then.
    private ReceiverVideoConstraints _constraints = new(null, [], [], null, new Dictionary<string, VideoConstraints>(StringComparer.Ordinal), null);
    // Read on the Worker thread for every video packet: a volatile read, no lock.
    private volatile bool _constraintsReceived;

    public Endpoint(Conference conference, string id, string? statsId)
    {
        Conference = conference;
        Id = id;
        StatsId = statsId;
        WebSocketPassword = RandomNumberGenerator.GetString(PasswordAlphabet, 24);
        Touch();
    }

    public Conference Conference { get; }

    /// <summary>Last colibri2 change, bridge-channel message or media packet (media updates it through
    /// <see cref="Touch"/> from its Worker).</summary>
    public DateTimeOffset LastActivity => new(Interlocked.Read(ref _lastActivityTicks), TimeSpan.Zero);

    private long _lastActivityTicks;

    public void Touch() => Interlocked.Exchange(ref _lastActivityTicks, Conference.Time.GetUtcNow().UtcTicks);

    public string Id { get; }

    public string? StatsId { get; }

    public string WebSocketPassword { get; }

    public bool IsExpired { get; private set; }

    /// <summary>The open bridge channel, if any.</summary>
    public BridgeChannelSocket? Channel { get; set; }

    /// <summary>Until the first ReceiverVideoConstraints arrives no video is forwarded to this endpoint
    /// (the initial max height is 0, as JVB).</summary>
    public bool VideoConstraintsReceived => _constraintsReceived;

    public ReceiverVideoConstraints VideoConstraints
    {
        get
        {
            lock (_gate)
            {
                return _constraints;
            }
        }
    }

    /// <summary>Merges a partial update (PROTOCOL.md §4.2): absent fields keep their value; a present constraints map
    /// replaces the whole map. The first message also moves the default max height from 0 to 180.</summary>
    public ReceiverVideoConstraints ApplyConstraints(ReceiverVideoConstraints update)
    {
        lock (_gate)
        {
            var defaults = update.DefaultConstraints ?? _constraints.DefaultConstraints ?? (_constraintsReceived ? null : new VideoConstraints(180, -1));
            _constraints = new ReceiverVideoConstraints(
                update.LastN ?? _constraints.LastN,
                update.SelectedSources ?? _constraints.SelectedSources,
                update.OnStageSources ?? _constraints.OnStageSources,
                defaults,
                update.Constraints ?? _constraints.Constraints,
                update.AssumedBandwidthBps ?? _constraints.AssumedBandwidthBps);
            _constraintsReceived = true;
            return _constraints;
        }
    }

    /// <summary>Which audio sources this receiver wants (PROTOCOL.md §4.2); null until it says (= all). Replaced whole,
    /// so the Worker reads it without a lock.</summary>
    public ReceiverAudioSubscription? AudioSubscription
    {
        get => Volatile.Read(ref _audioSubscription);
        set => Volatile.Write(ref _audioSubscription, value);
    }

    private ReceiverAudioSubscription? _audioSubscription;

    /// <summary>True if this receiver wants the audio source <paramref name="sourceName"/>.</summary>
    public bool WantsAudio(string sourceName) => AudioSubscription is not { } subscription
        || (subscription.All ? !subscription.Exclude.Contains(sourceName) : subscription.Include.Contains(sourceName));

    public void SetLastN(int lastN)
    {
        lock (_gate)
        {
            _constraints = _constraints with { LastN = lastN };
        }
    }

    /// <summary>Constant-time check of a colibri-ws password.</summary>
    public bool CheckPassword(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(candidate), System.Text.Encoding.UTF8.GetBytes(WebSocketPassword));

    public void Expire()
    {
        IsExpired = true;
        Channel?.Close("endpoint expired");
    }
}
