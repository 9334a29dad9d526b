using System.Net;
using Jitsi.Net.Videobridge.Conferences;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Endpoint = Jitsi.Net.Videobridge.Conferences.Endpoint;

namespace Jitsi.Net.Videobridge.Http.BridgeChannel;

/// <summary>
/// The colibri-ws endpoint (PROTOCOL.md §4.1): <c>/colibri-ws/&lt;server-id&gt;/&lt;conference-id&gt;/&lt;endpoint-id&gt;?pwd=…</c>.
/// A wrong server id is 404; an unknown conference or endpoint or a wrong password is 403 with the same text for
/// every case (no oracle). On open the bridge sends <c>ServerHello</c>.
/// </summary>
internal static class ColibriWebSocket
{
    public const string PathPrefix = "/colibri-ws";

    /// <summary>The URL an endpoint is told to open (the <c>web-socket</c> element of its transport).</summary>
    public static string UrlFor(string baseUrl, string serverId, Endpoint endpoint) =>
        $"{baseUrl.TrimEnd('/')}{PathPrefix}/{serverId}/{endpoint.Conference.Id}/{Uri.EscapeDataString(endpoint.Id)}?pwd={endpoint.WebSocketPassword}";

    public static void Map(WebApplication app, string expectedServerId, int publicPort)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.Map(PathPrefix + "/{serverId}/{conferenceId}/{endpointId}", async (HttpContext context, string serverId, string conferenceId, string endpointId,
            ConferenceRegistry conferences, BridgeChannelDispatcher dispatcher, ILoggerFactory loggers) =>
        {
            if (context.Connection.LocalPort != publicPort)
            {
                return Results.NotFound();
            }
            if (serverId != expectedServerId)
            {
                return Results.NotFound();
            }
            var endpoint = conferences.Find(conferenceId)?.FindEndpoint(endpointId);
            if (endpoint is null || endpoint.IsExpired || !endpoint.CheckPassword(context.Request.Query["pwd"]))
            {
                return Results.Text("authentication failed", statusCode: (int)HttpStatusCode.Forbidden);
            }
            if (!context.WebSockets.IsWebSocketRequest)
            {
                return Results.BadRequest("a WebSocket upgrade is required");
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var channel = new BridgeChannelSocket(socket, loggers.CreateLogger<BridgeChannelSocket>());
            endpoint.Channel?.Close("replaced by a new connection");
            endpoint.Channel = channel;
            channel.Send(BridgeChannelWriter.ServerHello());
            await channel.RunAsync(message => dispatcher.OnMessage(endpoint, message.Span), context.RequestAborted);
            if (endpoint.Channel == channel)
            {
                endpoint.Channel = null;
            }
            return Results.Empty;
        });
    }
}
