using Jitsi.Net.Videobridge.Rtp;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// Dominant-speaker identification after Volfin &amp; Cohen, "Dominant Speaker Identification for Multipoint
/// Videoconferencing", Computer Speech and Language 27 (2013) 895–910. Each audio packet's RFC 6464 level goes into its endpoint's <see cref="SpeechActivity"/>
/// (per packet, allocation-free: <see cref="OnAudio"/>); every <see cref="DecisionInterval"/> the endpoints' immediate,
/// medium and long speech-activity scores are recomputed (the paper's local processing) and a challenger takes the floor when the log
/// ratio of each of its scores to the current speaker's exceeds <see cref="C1"/>, <see cref="C2"/> and <see cref="C3"/>
/// (its global decision); of several, the one with the largest medium ratio wins. With nobody speaking yet, the first challenger
/// is measured against silence. Nobody loses the floor by falling silent: a silent conference keeps its last speaker.
/// Keeps the recent speakers, most recent first (PROTOCOL.md §4.3: up to 10), and decides which audio is forwarded
/// when only the recent speakers' audio is (<see cref="AdmitsAudio"/>). Owned by the conference's Worker thread.
/// </summary>
internal sealed class DominantSpeaker
{
    public static readonly TimeSpan DecisionInterval = TimeSpan.FromMilliseconds(300);

    /// <summary>The frame time of one level sample (WebRTC sends a 20 ms Opus frame per packet).</summary>
    public static readonly TimeSpan FrameTime = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a source stays admitted after its last packet above the speech threshold, so the quiet
    /// ends of words are not cut when only the recent speakers' audio is forwarded.</summary>
    public static readonly TimeSpan SpeechHangover = TimeSpan.FromSeconds(1);

    /// <summary>Log-ratio thresholds on the immediate, medium and long scales (the paper's speaker-switch rule).</summary>
    public const double C1 = 3;
    public const double C2 = 2;
    public const double C3 = 0;

    public const int RecentSpeakers = 10;

    private readonly List<EndpointMedia> _recent = [];
    private readonly long _frameTicks;
    private readonly long _hangoverTicks;
    private readonly int _audioSpeakersForwarded;

    /// <param name="timestampFrequency">Ticks per second of the <see cref="TimeProvider"/> timestamps given.</param>
    /// <param name="audioSpeakersForwarded">0: all audio is forwarded; N: only the current and recent speakers'
    /// first N and whoever is speaking now.</param>
    public DominantSpeaker(long timestampFrequency, int audioSpeakersForwarded = 0)
    {
        _frameTicks = Math.Max(1, (long)(FrameTime.TotalSeconds * timestampFrequency));
        _hangoverTicks = (long)(SpeechHangover.TotalSeconds * timestampFrequency);
        _audioSpeakersForwarded = audioSpeakersForwarded;
    }

    public EndpointMedia? Current { get; private set; }

    /// <summary>Previous speakers, most recent first (without the current one).</summary>
    public IReadOnlyList<EndpointMedia> Previous => _recent;

    /// <summary>
    /// Records an audio packet's level (when the sender negotiated RFC 6464) and says whether the packet is to be
    /// forwarded at all: always when every source's audio is; otherwise when the sender is among the first
    /// <c>audioSpeakersForwarded</c> of the current and recent speakers, or spoke within <see cref="SpeechHangover"/>
    /// — a packet above the speech threshold admits its source at once, so a new speaker's first word is not cut.
    /// A packet without a level cannot be judged and is forwarded. Per packet; allocates nothing.
    /// </summary>
    public bool OnAudio(EndpointMedia from, in RtpPacket rtp, long now)
    {
        if (from.AudioLevelId == 0 || !rtp.TryGetExtension(from.AudioLevelId, out var value)
            || !AudioLevelExtension.TryParse(value, out _, out var dbov))
        {
            return true;
        }
        from.Speech.OnLevel(127 - dbov, now);
        return AdmitsAudio(from, now);
    }

    /// <summary>Whether <paramref name="from"/>'s audio is forwarded now (see <see cref="OnAudio"/>).</summary>
    public bool AdmitsAudio(EndpointMedia from, long now) =>
        _audioSpeakersForwarded <= 0 || from.AmongAudioSpeakers
        || (from.Speech.LastSpeechTicks != 0 && now - from.Speech.LastSpeechTicks <= _hangoverTicks);

    /// <summary>Rescores every endpoint at <paramref name="now"/> and applies the switch rule; true when the
    /// speaker changed. Decision timer only.</summary>
    public bool Evaluate(List<EndpointMedia> endpoints, long now)
    {
        if (Current is { } current && !endpoints.Contains(current))
        {
            Current = null;
        }
        _recent.RemoveAll(e => !endpoints.Contains(e));
        foreach (var endpoint in endpoints)
        {
            endpoint.Speech.Score(now, _frameTicks);
        }
        EndpointMedia? challenger = null;
        var best = double.NegativeInfinity;
        var (immediate, medium, longTerm) = Current is { } speaker
            ? (speaker.Speech.Immediate, speaker.Speech.Medium, speaker.Speech.Long)
            : (SpeechActivity.MinScore, SpeechActivity.MinScore, SpeechActivity.MinScore);
        foreach (var endpoint in endpoints)
        {
            if (endpoint == Current)
            {
                continue;
            }
            var speech = endpoint.Speech;
            var mediumRatio = Math.Log(speech.Medium / medium);
            if (Math.Log(speech.Immediate / immediate) > C1 && mediumRatio > C2 && Math.Log(speech.Long / longTerm) > C3
                && mediumRatio > best)
            {
                challenger = endpoint;
                best = mediumRatio;
            }
        }
        var changed = challenger is not null;
        if (challenger is not null)
        {
            _recent.Remove(challenger);
            if (Current is not null)
            {
                _recent.Insert(0, Current);
                if (_recent.Count > RecentSpeakers)
                {
                    _recent.RemoveAt(_recent.Count - 1);
                }
            }
            Current = challenger;
        }
        foreach (var endpoint in endpoints)
        {
            // Ranks below 1 + RecentSpeakers are the current and recent speakers only.
            endpoint.AmongAudioSpeakers = Rank(endpoint, endpoints) < Math.Min(1 + RecentSpeakers, _audioSpeakersForwarded);
        }
        return changed;
    }

    /// <summary>Order for last-N: the current speaker, then the recent ones, then everyone else as they joined.</summary>
    public int Rank(EndpointMedia endpoint, List<EndpointMedia> endpoints)
    {
        if (endpoint == Current)
        {
            return 0;
        }
        var recent = _recent.IndexOf(endpoint);
        return recent >= 0 ? 1 + recent : 1 + RecentSpeakers + endpoints.IndexOf(endpoint);
    }
}
