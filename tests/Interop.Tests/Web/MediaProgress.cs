namespace Jitsi.Net.Interop.Tests.Web;

/// <summary>
/// Tracks, for each receiving page and each remote source it should get, whether frames decoded (video) or audio
/// energy (audio) kept rising after the first sample that showed any: media is flowing, not just set up.
/// </summary>
internal sealed class MediaProgress(IReadOnlyList<WebParticipant> receivers, Func<WebParticipant, IEnumerable<string>> expected)
{
    /// <summary>Frames a video source must decode after its first sample.</summary>
    private const long FramesRise = 10;

    private readonly Dictionary<(string, string), double> _first = [];
    private readonly Dictionary<(string, string), double> _last = [];

    public async Task<bool> FlowingAsync()
    {
        var flowing = true;
        foreach (var receiver in receivers)
        {
            var received = await receiver.ReceivedAsync();
            var playing = await receiver.PlayingAudioAsync();
            foreach (var source in expected(receiver))
            {
                var video = source.Contains("-v", StringComparison.Ordinal);
                double value = received.TryGetValue(source, out var r) ? (video ? r.Frames : r.Energy) : 0;
                var key = (receiver.Name, source);
                _last[key] = value;
                if (value > 0 && !_first.ContainsKey(key))
                {
                    _first[key] = value;
                }
                var rising = _first.TryGetValue(key, out var first) && value > first + (video ? FramesRise : 0);
                flowing &= rising && (video || playing.Contains(source));
            }
        }
        return flowing;
    }

    public Task<string> DescribeAsync() => Task.FromResult(string.Join("; ", _last.Select(p =>
        $"{p.Key.Item1} ← {p.Key.Item2}: first {(_first.TryGetValue(p.Key, out var f) ? f : 0):0.###}, now {p.Value:0.###}")));
}
