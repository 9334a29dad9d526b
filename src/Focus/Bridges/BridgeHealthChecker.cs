using System.Xml.Linq;
using Jitsi.Net.Focus.Xmpp;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Focus.Bridges;

/// <summary>
/// Health-checks every bridge in the brewery every <see cref="Interval"/> (PROTOCOL.md §5.4): a
/// <c>healthcheck</c> IQ to its real JID. An error answer marks it non-operational and raises <see cref="Unhealthy"/>
/// (its conferences move); no answer is retried once after half the interval, and a second silence only marks it
/// non-operational (new allocations avoid it; existing conferences stay). Runs on its own task.
/// </summary>
internal sealed class BridgeHealthChecker(BridgeRegistry registry, FocusConnection connection, TimeProvider time, ILogger<BridgeHealthChecker> logger)
    : BackgroundService
{
    public static readonly XName HealthCheck = XName.Get("healthcheck", "http://jitsi.org/protocol/healthcheck");

    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Raised when a bridge answered its health check with an error.</summary>
    public event Action<Bridge>? Unhealthy;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (!connection.Connection.IsConnected)
            {
                continue;
            }
            await Task.WhenAll(registry.Bridges.Select(b => CheckAsync(b, stoppingToken))).ConfigureAwait(false);
        }
    }

    /// <summary>One check of one bridge, with the single retry on silence.</summary>
    public async Task CheckAsync(Bridge bridge, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            try
            {
                await connection.Connection.RequestAsync(new Iq(IqType.Get, bridge.RealJid, new XElement(HealthCheck)), Interval / 2, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (StanzaErrorException e)
            {
                logger.LogWarning("Bridge {Id} failed its health check: {Reason}", bridge.Id, e.Message);
                bridge.MarkFailed(time.GetUtcNow());
                Unhealthy?.Invoke(bridge);
                return;
            }
            catch (IQTimeoutException)
            {
                logger.LogInformation("Bridge {Id} did not answer its health check (attempt {Attempt})", bridge.Id, attempt + 1);
            }
            catch (IOException)
            {
                return;
            }
        }
        bridge.MarkFailed(time.GetUtcNow());
    }
}
