using Jitsi.Net.Videobridge.Colibri;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Videobridge.Conferences;

/// <summary>
/// Expires what the focus forgot (JVB's entity expiration, PROTOCOL.md §7.3: one minute): endpoints with no
/// signalling or media activity for <see cref="Timeout"/>, and conferences left without endpoints for as long.
/// Sweeps every 10 s on its own task; a sweep takes the same path as a colibri2 expire (media released first).
/// </summary>
internal sealed class ConferenceExpiry(ConferenceRegistry conferences, IMediaPlane media, TimeProvider time, ILogger<ConferenceExpiry> logger)
    : BackgroundService
{
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            Sweep();
        }
    }

    /// <summary>One pass; returns how many endpoints and conferences it expired.</summary>
    public (int Endpoints, int Conferences) Sweep()
    {
        var now = time.GetUtcNow();
        int endpoints = 0, expiredConferences = 0;
        foreach (var conference in conferences.Conferences)
        {
            foreach (var endpoint in conference.Endpoints)
            {
                if (now - endpoint.LastActivity > Timeout)
                {
                    logger.LogInformation("Expiring idle endpoint {Endpoint} of conference {Id}", endpoint.Id, conference.Id);
                    media.Release(endpoint);
                    conference.RemoveEndpoint(endpoint.Id);
                    endpoints++;
                }
            }
            if (conference.EndpointCount == 0 && now - conference.LastActivity > Timeout)
            {
                logger.LogInformation("Expiring empty conference {Id} (meeting {MeetingId})", conference.Id, conference.MeetingId);
                conferences.Expire(conference);
                expiredConferences++;
            }
        }
        return (endpoints, expiredConferences);
    }
}
