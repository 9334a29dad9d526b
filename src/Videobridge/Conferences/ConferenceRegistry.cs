using System.Collections.Concurrent;

namespace Jitsi.Net.Videobridge.Conferences;

/// <summary>The bridge's conferences by their own id and by meeting id. Thread-safe.</summary>
internal sealed class ConferenceRegistry(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Conference> _byId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Conference> _byMeetingId = new(StringComparer.Ordinal);

    public TimeProvider Time { get; } = time;

    public IReadOnlyCollection<Conference> Conferences => [.. _byId.Values];

    public int EndpointCount => _byId.Values.Sum(c => c.EndpointCount);

    public Conference? Find(string id) => _byId.TryGetValue(id, out var c) ? c : null;

    public Conference? FindByMeetingId(string meetingId) => _byMeetingId.TryGetValue(meetingId, out var c) ? c : null;

    /// <summary>Creates a conference for <paramref name="meetingId"/>; null if one exists already.</summary>
    public Conference? TryCreate(string meetingId, string? name)
    {
        var conference = new Conference(meetingId, name, Time);
        if (!_byMeetingId.TryAdd(meetingId, conference))
        {
            return null;
        }
        _byId[conference.Id] = conference;
        return conference;
    }

    public void Expire(Conference conference)
    {
        _byId.TryRemove(conference.Id, out _);
        _byMeetingId.TryRemove(new KeyValuePair<string, Conference>(conference.MeetingId, conference));
        conference.Expire();
    }
}
