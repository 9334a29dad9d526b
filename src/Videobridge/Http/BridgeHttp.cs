using Jitsi.Net.Videobridge.Xmpp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Jitsi.Net.Videobridge.Http;

/// <summary>The bridge's private HTTP surface: <c>/about/health</c> (200, or 500 with the reason) and
/// <c>/about/version</c>.</summary>
public static class BridgeHttp
{
    public static void Map(WebApplication app, int privatePort)
    {
        var onPrivatePort = app.MapGroup("").AddEndpointFilter(PortFilter.Only(privatePort));
        onPrivatePort.MapGet("/about/health", (BridgeConnection bridge) =>
        {
            if (!bridge.Connection.IsConnected)
            {
                return Results.Json(new { healthy = false, reason = "not connected to the XMPP server" + (bridge.Connection.LastError is { } e ? ": " + e : "") }, statusCode: 500);
            }
            if (!bridge.IsHealthy)
            {
                return Results.Json(new { healthy = false, reason = "not in the brewery room" }, statusCode: 500);
            }
            return Results.Json(new { healthy = true, id = bridge.BridgeId, jid = bridge.Connection.LocalJid?.ToString() });
        });
        onPrivatePort.MapGet("/about/version", () => Results.Json(new { name = "Jitsi.Net Videobridge", version = BridgeConnection.Version, os = Environment.OSVersion.ToString() }));
    }
}
