using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Jitsi.Net.Videobridge.Conferences;

/// <summary>
/// A colibri2 conference on this bridge: its own id (used in colibri-ws URLs — not the meeting id), the meeting id
/// and name the focus gave, and its endpoints. Signalling state only; the media state of its endpoints belongs to
/// their Worker. Endpoint lookups are thread-safe.
/// </summary>
internal sealed class Conference
{
    private readonly ConcurrentDictionary<string, Endpoint> _endpoints = new(StringComparer.Ordinal);

    public Conference(string meetingId, string? name, TimeProvider time)
    {
        Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        MeetingId = meetingId;
        Name = name;
        Time = time;
        CreatedAt = time.GetUtcNow();
        Touch();
    }

    public string Id { get; }

    /// <summary>The SSRCs the bridge sends its own RTCP from in this conference (its "feedback sources",
    /// PROTOCOL.md §3.2), announced to clients with owner <c>jvb</c>.</summary>
    public uint FeedbackAudioSsrc { get; } = RandomSsrc();

    public uint FeedbackVideoSsrc { get; } = RandomSsrc();

    public string MeetingId { get; }

    public string? Name { get; }

    public TimeProvider Time { get; }

    public DateTimeOffset CreatedAt { get; }

    /// <summary>Last signalling or media activity, for expiry of idle conferences.</summary>
    public DateTimeOffset LastActivity { get; private set; }

    public bool IsExpired { get; private set; }

    public IReadOnlyCollection<Endpoint> Endpoints => [.. _endpoints.Values];

    public int EndpointCount => _endpoints.Count;

    private static uint RandomSsrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue) * 2u - 1u;

    public void Touch() => LastActivity = Time.GetUtcNow();

    public Endpoint? FindEndpoint(string id) => _endpoints.TryGetValue(id, out var endpoint) ? endpoint : null;

    /// <summary>Adds a new endpoint; false if the id is taken.</summary>
    public bool TryAddEndpoint(Endpoint endpoint)
    {
        Touch();
        return _endpoints.TryAdd(endpoint.Id, endpoint);
    }

    public Endpoint? RemoveEndpoint(string id)
    {
        Touch();
        if (!_endpoints.TryRemove(id, out var endpoint))
        {
            return null;
        }
        endpoint.Expire();
        return endpoint;
    }

    public void Expire()
    {
        IsExpired = true;
        foreach (var endpoint in _endpoints.Values)
        {
            endpoint.Expire();
        }
        _endpoints.Clear();
    }
}
