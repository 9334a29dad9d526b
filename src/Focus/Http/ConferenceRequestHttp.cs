using System.Text.Json;
using System.Text.Json.Serialization;
using Jitsi.Net.Focus.Conferences;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Jitsi.Net.Focus.Http;

/// <summary>
/// <c>POST /conference-request/v1</c> (PROTOCOL.md §1.2, HTTP variant): <c>{"room": …, "properties": {…}}</c> in,
/// <c>{"ready": …, "focusJid": …, "properties": {…}}</c> out (the JSON key is camel-case <c>focusJid</c>).
/// </summary>
internal static class ConferenceRequestHttp
{
    internal sealed record Request([property: JsonPropertyName("room")] string? Room, [property: JsonPropertyName("properties")] Dictionary<string, string>? Properties);

    public static void Map(WebApplication app)
    {
        app.MapPost("/conference-request/v1", async (HttpRequest http, ConferenceRequestHandler handler, CancellationToken cancellationToken) =>
        {
            Request? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<Request>(http.Body, cancellationToken: cancellationToken);
            }
            catch (JsonException e)
            {
                return Results.Json(new { error = "bad JSON: " + e.Message }, statusCode: 400);
            }
            try
            {
                var result = await handler.RequestAsync(request?.Room, cancellationToken);
                return Results.Json(new { ready = result.Ready, focusJid = result.FocusJid, properties = result.Properties });
            }
            catch (StanzaErrorException e)
            {
                return Results.Json(new { error = e.Error.ConditionName, message = e.Error.Text }, statusCode: e.Error.Condition == StanzaErrorCondition.BadRequest ? 400 : 500);
            }
        });
    }
}
