namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// A simple dominant-speaker rule over the RFC 6464 audio levels of the packets each endpoint sends (level 0 = loudest,
/// 127 = silence, turned into loudness = 127 − level): at each evaluation an endpoint's mean loudness since the last one
/// is smoothed into its score (time constant about a second at two evaluations a second); the loudest score takes over
/// when it is above <see cref="MinScore"/> and beats the current speaker's by <see cref="Hysteresis"/>. Keeps the
/// recent speakers, most recent first (PROTOCOL.md §4.3: up to 10). Owned by the conference's Worker thread.
/// </summary>
internal sealed class DominantSpeaker
{
    public const double MinScore = 20;
    public const double Hysteresis = 10;
    public const int RecentSpeakers = 10;
    private const double Smoothing = 0.6;

    private readonly List<EndpointMedia> _recent = [];

    public EndpointMedia? Current { get; private set; }

    /// <summary>Previous speakers, most recent first (without the current one).</summary>
    public IReadOnlyList<EndpointMedia> Previous => _recent;

    /// <summary>Folds the levels gathered since the last call into the scores; true when the speaker changed.</summary>
    public bool Evaluate(List<EndpointMedia> endpoints)
    {
        EndpointMedia? loudest = null;
        foreach (var endpoint in endpoints)
        {
            var mean = endpoint.AudioLevelCount == 0 ? 0 : (double)endpoint.AudioLoudnessSum / endpoint.AudioLevelCount;
            endpoint.AudioLoudnessSum = 0;
            endpoint.AudioLevelCount = 0;
            endpoint.SpeechScore = (Smoothing * endpoint.SpeechScore) + ((1 - Smoothing) * mean);
            if (loudest is null || endpoint.SpeechScore > loudest.SpeechScore)
            {
                loudest = endpoint;
            }
        }
        if (Current is { } current && !endpoints.Contains(current))
        {
            Current = null;
        }
        _recent.RemoveAll(e => !endpoints.Contains(e));
        if (loudest is null || loudest == Current || loudest.SpeechScore < MinScore
            || (Current is not null && loudest.SpeechScore < Current.SpeechScore + Hysteresis))
        {
            return false;
        }
        _recent.Remove(loudest);
        if (Current is not null)
        {
            _recent.Insert(0, Current);
            if (_recent.Count > RecentSpeakers)
            {
                _recent.RemoveAt(_recent.Count - 1);
            }
        }
        Current = loudest;
        return true;
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
