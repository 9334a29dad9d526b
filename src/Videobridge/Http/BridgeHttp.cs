using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Xmpp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Jitsi.Net.Videobridge.Http;

/// <summary>The bridge's private HTTP surface: <c>/about/health</c> (200, or 500 with the reason), <c>/metrics</c>
/// (Prometheus), <c>/colibri/stats</c> (with bit rates in kbps from counter deltas), <c>/colibri/shutdown</c> and
/// <c>/about/version</c>.</summary>
internal static class BridgeHttp
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
        onPrivatePort.MapGet("/metrics", async (HttpContext context, BridgeMetrics metrics) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await metrics.WriteAsync(context.Response.Body, context.RequestAborted);
        });
        onPrivatePort.MapGet("/colibri/stats", (ConferenceRegistry conferences, BridgeState state, BridgeConnection bridge, BridgeRates rates) =>
        {
            var all = conferences.Conferences;
            var rate = rates.Sample();
            return Results.Json(new Dictionary<string, object>
            {
                ["conferences"] = all.Count,
                ["participants"] = conferences.EndpointCount,
                ["largest_conference"] = all.Count == 0 ? 0 : all.Max(c => c.EndpointCount),
                ["bit_rate_download"] = rate.BitrateDownloadKbps,
                ["bit_rate_upload"] = rate.BitrateUploadKbps,
                ["packet_rate_download"] = rate.PacketRateDownload,
                ["packet_rate_upload"] = rate.PacketRateUpload,
                ["graceful_shutdown"] = state.GracefulShutdown,
                ["shutting_down"] = state.ShuttingDown,
                ["healthy"] = bridge.IsHealthy,
                ["region"] = bridge.Region,
                ["version"] = BridgeConnection.Version,
                ["conference_list"] = all.Select(c => new { id = c.Id, meeting_id = c.MeetingId, name = c.Name, endpoints = c.Endpoints.Select(e => e.Id) }),
            });
        });
        onPrivatePort.MapPost("/colibri/shutdown", (BridgeState state) =>
        {
            state.RequestGracefulShutdown();
            return Results.Json(new { graceful_shutdown = true });
        });
        onPrivatePort.MapGet("/about/version", () => Results.Json(new { name = "Jitsi.Net Videobridge", version = BridgeConnection.Version, os = Environment.OSVersion.ToString() }));
    }
}
