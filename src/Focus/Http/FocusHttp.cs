using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.Focus.Conferences;
using Jitsi.Net.Focus.Xmpp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Jitsi.Net.Focus.Http;

/// <summary>The focus's HTTP surface: <c>/about/health</c> (200 when connected to the XMPP server and in the
/// brewery, 500 with the reason otherwise), <c>/stats</c> (JSON, with each conference's session count) and
/// <c>/metrics</c> (Prometheus text).</summary>
internal static class FocusHttp
{
    public static void Map(WebApplication app)
    {
        app.MapGet("/about/health", (FocusConnection focus) =>
        {
            if (!focus.Connection.IsConnected)
            {
                return Results.Json(new { healthy = false, reason = "not connected to the XMPP server" + (focus.Connection.LastError is { } e ? ": " + e : "") }, statusCode: 500);
            }
            if (focus.Brewery is not { IsJoined: true })
            {
                return Results.Json(new { healthy = false, reason = "not in the brewery room" }, statusCode: 500);
            }
            return Results.Json(new { healthy = true, jid = focus.Connection.LocalJid?.ToString() });
        });
        app.MapGet("/stats", (FocusConnection focus, BridgeRegistry bridges, ConferenceRegistry conferences) => Results.Json(new
        {
            xmpp_connected = focus.Connection.IsConnected,
            xmpp_connects = focus.Connection.ConnectCount,
            conferences = conferences.Started.Select(c => new { room = c.RoomJid.ToString(), meeting_id = c.MeetingId, participants = c.ParticipantNicks.Count, owner = c.OwnerNick, sessions = c.Sessions.SessionCount,
                audio_senders = c.Sessions.AudioSenders, video_senders = c.Sessions.VideoSenders, bridge = c.Sessions.Bridge?.Id }),
            bridges = bridges.Bridges.Select(b => new { id = b.Id, jid = b.RealJid.ToString(), operational = b.IsOperational(DateTimeOffset.UtcNow), stats = b.Stats }),
        }));
        var metrics = new FocusMetrics(app.Services.GetRequiredService<ConferenceRegistry>(), app.Services.GetRequiredService<BridgeRegistry>());
        app.MapGet("/metrics", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4";
            await metrics.WriteAsync(context.Response.Body, context.RequestAborted);
        });
    }
}
