using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jitsi.Net.Videobridge.Http.BridgeChannel;

/// <summary>
/// Writes bridge → client messages (PROTOCOL.md §4.3) as UTF-8 JSON. Stateless; thread-safe.
/// </summary>
internal static class BridgeChannelWriter
{
    public static byte[] ServerHello(string? version = null) => Write("ServerHello", w =>
    {
        if (version is not null)
        {
            w.WriteString("version", version);
        }
    });

    public static byte[] DominantSpeaker(string endpointId, IReadOnlyList<string> previousSpeakers, bool silence) => Write("DominantSpeakerEndpointChangeEvent", w =>
    {
        w.WriteString("dominantSpeakerEndpoint", endpointId);
        WriteArray(w, "previousSpeakers", previousSpeakers);
        w.WriteBoolean("silence", silence);
    });

    public static byte[] ForwardedSources(IEnumerable<string> sourceNames) =>
        Write("ForwardedSources", w => WriteArray(w, "forwardedSources", sourceNames));

    public static byte[] SenderSourceConstraints(string sourceName, int maxHeight) => Write("SenderSourceConstraints", w =>
    {
        w.WriteString("sourceName", sourceName);
        w.WriteNumber("maxHeight", maxHeight);
    });

    /// <summary>§4.3: <c>active</c> is the string "true"/"false", as lib-jitsi-meet reads it.</summary>
    public static byte[] ConnectivityStatus(string endpointId, bool active) => Write("EndpointConnectivityStatusChangeEvent", w =>
    {
        w.WriteString("endpoint", endpointId);
        w.WriteString("active", active ? "true" : "false");
    });

    public static byte[] ConnectionStats(long estimatedDownlinkBandwidthBps) =>
        Write("ConnectionStats", w => w.WriteNumber("estimatedDownlinkBandwidth", estimatedDownlinkBandwidthBps));

    /// <summary>A relayed EndpointMessage/EndpointStats: the sender's object with <c>from</c> set by the bridge.</summary>
    public static byte[] Relay(JsonObject message, string fromEndpointId)
    {
        var copy = (JsonObject)message.DeepClone();
        copy["from"] = fromEndpointId;
        return JsonSerializer.SerializeToUtf8Bytes(copy);
    }

    private static byte[] Write(string colibriClass, Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("colibriClass", colibriClass);
            body(w);
            w.WriteEndObject();
        }
        return stream.ToArray();
    }

    private static void WriteArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }
        w.WriteEndArray();
    }
}
