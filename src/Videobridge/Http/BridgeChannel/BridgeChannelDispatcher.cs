using Jitsi.Net.Videobridge.Conferences;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Videobridge.Http.BridgeChannel;

/// <summary>
/// What the bridge does with each client message (PROTOCOL.md §4.2): answers ClientHello, stores video constraints,
/// last-N and audio subscriptions on the endpoint (the Worker reads them), and relays EndpointMessage / EndpointStats to the
/// other endpoints with <c>from</c> set by the bridge. Malformed or unknown messages are logged and ignored; the
/// connection stays up. Stateless; runs on the socket's receive loop.
/// </summary>
internal sealed class BridgeChannelDispatcher(ILogger<BridgeChannelDispatcher> logger)
{
    public long Malformed;
    public long Unknown;

    public void OnMessage(Endpoint endpoint, ReadOnlySpan<byte> utf8)
    {
        endpoint.Touch();
        endpoint.Conference.Touch();
        if (!BridgeChannelParser.TryParse(utf8, out var message, out var error))
        {
            Interlocked.Increment(ref Malformed);
            logger.LogInformation("Ignored a malformed bridge-channel message from {Endpoint}: {Reason}", endpoint.Id, error);
            return;
        }
        switch (message)
        {
            case ClientHello:
                endpoint.Channel?.Send(BridgeChannelWriter.ServerHello());
                break;
            case ReceiverVideoConstraints constraints:
                endpoint.ApplyConstraints(constraints);
                break;
            case LastNChangedEvent lastN:
                endpoint.SetLastN(lastN.LastN);
                break;
            case EndpointMessage relay:
                Relay(endpoint, relay.To, BridgeChannelWriter.Relay(relay.Message, endpoint.Id));
                break;
            case EndpointStats stats:
                Relay(endpoint, "", BridgeChannelWriter.Relay(stats.Message, endpoint.Id));
                break;
            case ReceiverAudioSubscription subscription:
                endpoint.AudioSubscription = subscription;
                break;
            case SourceVideoTypeMessage:
                // Kept for the forwarding-quality work; nothing to do yet.
                break;
            case UnknownMessage unknown:
                Interlocked.Increment(ref Unknown);
                logger.LogDebug("Ignored bridge-channel class {Class} from {Endpoint}", unknown.Class, endpoint.Id);
                break;
        }
    }

    /// <summary>To one endpoint by id, or to every other endpoint when <paramref name="to"/> is empty.</summary>
    private static void Relay(Endpoint from, string to, byte[] json)
    {
        if (to.Length > 0)
        {
            if (to != from.Id)
            {
                from.Conference.FindEndpoint(to)?.Channel?.Send(json);
            }
            return;
        }
        foreach (var other in from.Conference.Endpoints)
        {
            if (other != from)
            {
                other.Channel?.Send(json);
            }
        }
    }
}
