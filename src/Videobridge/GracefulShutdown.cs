using Jitsi.Net.Videobridge.Conferences;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Videobridge;

/// <summary>
/// Ends the process after a graceful shutdown request once the last conference has ended, or when
/// <see cref="DrainTimeout"/> has passed (PROTOCOL.md §5.5). Checks once a second on its own task.
/// </summary>
internal sealed class GracefulShutdown(BridgeState state, ConferenceRegistry conferences, IHostApplicationLifetime lifetime, ILogger<GracefulShutdown> logger, TimeProvider time)
    : BackgroundService
{
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromHours(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var requested = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        state.GracefulShutdownRequested += () => requested.TrySetResult();
        if (state.GracefulShutdown)
        {
            requested.TrySetResult();
        }
        await requested.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        var started = time.GetUtcNow();
        logger.LogInformation("Graceful shutdown requested: no new conferences; {Count} conference(s) still running", conferences.Conferences.Count);
        while (conferences.Conferences.Count > 0 && time.GetUtcNow() - started < DrainTimeout)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken).ConfigureAwait(false);
        }
        logger.LogInformation("Drained; shutting down");
        lifetime.StopApplication();
    }
}
