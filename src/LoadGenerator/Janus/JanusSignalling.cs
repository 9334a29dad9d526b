using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Jitsi.Net.LoadGenerator.Media;
using Jitsi.Net.LoadGenerator.Signalling;
using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.LoadGenerator.Janus;

/// <summary>
/// The Janus VideoRoom plugin through its HTTP API, for the side-by-side comparison. Each room is a VideoRoom room
/// (Opus and VP8 only, as our bridge is configured here); a sending endpoint joins it as a publisher on one handle with
/// an SDP offer (<c>joinandconfigure</c>) and takes Janus's answer; once the room's publishers are connected, every
/// endpoint subscribes on a second handle to all the other publishers at once (a 1.x multistream subscription:
/// <c>join</c> as subscriber → Janus's offer → <c>start</c> with our answer). Janus runs ICE-lite here, so the
/// endpoints are ICE controlling; DTLS is active on both peer connections. One Janus session carries all handles.
/// A room's joins (and then its subscriptions) run concurrently on the thread pool.
/// </summary>
internal sealed class JanusSignalling : ISignalling
{
    private const string Plugin = "janus.plugin.videoroom";
    private const int RoomBase = 1000;

    private readonly JanusSession _session;
    private readonly IPAddress _localAddress;
    private readonly bool _video;
    private readonly int _lastN;
    private readonly bool _simulcast;
    private readonly long _control;
    private readonly HashSet<int> _rooms = [];
    private readonly SemaphoreSlim _roomGate = new(1, 1);
    private readonly ConcurrentDictionary<string, long> _feeds = new();
    private long _lastFeed;

    private JanusSignalling(JanusSession session, long control, IPAddress localAddress, bool video, int lastN, bool simulcast)
    {
        _simulcast = simulcast;
        _lastN = lastN;
        _session = session;
        _control = control;
        _localAddress = localAddress;
        _video = video;
    }

    public string Name => "janus-videoroom";

    public IceRole EndpointIceRole => IceRole.Controlling;

    public bool ReceivesOnSeparateTransport => true;

    /// <summary>Joins of a room run at the same time, as the focus path's do, so that a join storm is a storm on both.</summary>
    public bool ConcurrentJoins => true;

    /// <summary>A session on the Janus at <paramref name="url"/>; with <paramref name="lastN"/> ≥ 0 every endpoint
    /// subscribes to the audio of all senders and the video of that many (VideoRoom has no last-N of its own; the
    /// subscription is the equivalent a client would make).</summary>
    public static async Task<JanusSignalling> ConnectAsync(Uri url, IPAddress localAddress, bool video, int lastN, bool simulcast,
        CancellationToken cancellationToken)
    {
        var session = await JanusSession.CreateAsync(url, cancellationToken).ConfigureAwait(false);
        try
        {
            var control = await session.AttachAsync(Plugin, cancellationToken).ConfigureAwait(false);
            return new JanusSignalling(session, control, localAddress, video, lastN, simulcast);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<RemoteDescription> JoinAsync(LocalDescription local, CancellationToken cancellationToken)
    {
        var room = await RoomAsync(local.RoomIndex, cancellationToken).ConfigureAwait(false);
        var handle = await _session.AttachAsync(Plugin, cancellationToken).ConfigureAwait(false);
        var feed = Interlocked.Increment(ref _lastFeed);
        var offer = JanusSdp.PublisherOffer(local, _localAddress, MediaProfile.AudioPayloadType, MediaProfile.VideoPayloadType, MediaProfile.RtxPayloadType, _video);
        var joined = await _session.RequestEventAsync(handle,
            new JsonObject
            {
                ["request"] = "joinandconfigure", ["room"] = room, ["ptype"] = "publisher", ["id"] = feed, ["display"] = local.EndpointId,
                ["audio"] = true, ["video"] = _video,
            },
            Jsep("offer", offer), cancellationToken).ConfigureAwait(false);
        _feeds[local.EndpointId] = feed;
        return JanusSdp.Remote(Sdp(joined, "answer"));
    }

    public async Task<RemoteDescription> SubscribeAsync(LocalDescription local, IReadOnlyList<LocalDescription> senders, CancellationToken cancellationToken)
    {
        var room = await RoomAsync(local.RoomIndex, cancellationToken).ConfigureAwait(false);
        var handle = await _session.AttachAsync(Plugin, cancellationToken).ConfigureAwait(false);
        var streams = new JsonArray();
        for (var i = 0; i < senders.Count; i++)
        {
            var feed = _feeds[senders[i].EndpointId];
            if (_lastN < 0 || i < _lastN || !_video)
            {
                streams.Add(new JsonObject { ["feed"] = feed });
            }
            else
            {
                // Audio only: the publisher's m-line with mid 0 (JanusSdp.PublisherOffer).
                streams.Add(new JsonObject { ["feed"] = feed, ["mid"] = "0" });
            }
        }
        var attached = await _session.RequestEventAsync(handle,
            new JsonObject { ["request"] = "join", ["room"] = room, ["ptype"] = "subscriber", ["streams"] = streams }, null, cancellationToken)
            .ConfigureAwait(false);
        var offer = Sdp(attached, "offer");
        var remote = JanusSdp.Remote(offer);
        await _session.RequestEventAsync(handle, new JsonObject { ["request"] = "start" },
            Jsep("answer", JanusSdp.SubscriberAnswer(local, _localAddress, offer)), cancellationToken).ConfigureAwait(false);
        if (_simulcast)
        {
            // Janus forwards the highest substream unless told otherwise; our bridge forwards the primary (first) SIM
            // SSRC. Substream 0 is that one, so both servers forward the same encoding.
            var layers = new JsonArray();
            foreach (var mid in JanusSdp.Mids(offer, "video"))
            {
                layers.Add(new JsonObject { ["mid"] = mid, ["substream"] = 0 });
            }
            await _session.RequestEventAsync(handle, new JsonObject { ["request"] = "configure", ["streams"] = layers }, null, cancellationToken)
                .ConfigureAwait(false);
        }
        return remote;
    }

    /// <summary>Destroying the session (on dispose) hangs up every handle; rooms are not permanent.</summary>
    public Task LeaveAsync(IReadOnlyList<LocalDescription> endpoints, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _roomGate.Dispose();
        return _session.DisposeAsync();
    }

    /// <summary>The room's VideoRoom id, creating the room on first use: Opus and VP8, room for every endpoint of a
    /// run, no bitrate cap (REMB 0), no recording.</summary>
    private async Task<long> RoomAsync(int roomIndex, CancellationToken cancellationToken)
    {
        long room = RoomBase + roomIndex;
        await _roomGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_rooms.Add(roomIndex))
            {
                return room;
            }
            var created = await _session.RequestAsync(_control,
                new JsonObject
                {
                    ["request"] = "create", ["room"] = room, ["description"] = "load " + roomIndex.ToString(CultureInfo.InvariantCulture),
                    ["publishers"] = LoadOptions.MaxEndpoints, ["bitrate"] = 0, ["audiocodec"] = "opus", ["videocodec"] = "vp8",
                    ["notify_joining"] = false, ["permanent"] = false,
                }, cancellationToken).ConfigureAwait(false);
            if (created["error"] is { } error)
            {
                _rooms.Remove(roomIndex);
                throw new JanusException($"create room {room}: {error}", created);
            }
        }
        finally
        {
            _roomGate.Release();
        }
        return room;
    }

    private static JsonObject Jsep(string type, string sdp) => new() { ["type"] = type, ["sdp"] = sdp, ["trickle"] = false };

    private static string Sdp(JsonObject evt, string type) =>
        evt["jsep"] is JsonObject jsep && jsep["type"]?.GetValue<string>() == type && jsep["sdp"]?.GetValue<string>() is { } sdp
            ? sdp
            : throw new JanusException($"expected an SDP {type}", evt);
}
