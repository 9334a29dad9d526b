using System.Text.Json;
using System.Text.Json.Nodes;

namespace Jitsi.Net.Videobridge.Http.BridgeChannel;

/// <summary>
/// Reads client → bridge messages (PROTOCOL.md §4.2). Malformed input (not JSON, not an object, duplicate keys,
/// too deep or too large, a field of the wrong type) returns false with a reason and never throws: the caller logs it
/// and keeps the connection. Stateless; thread-safe.
/// </summary>
internal static class BridgeChannelParser
{
    /// <summary>Messages larger than this are refused (an EndpointMessage carries chat-sized payloads).</summary>
    public const int MaxMessageBytes = 64 * 1024;

    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowDuplicateProperties = false, MaxDepth = 16 };

    public static bool TryParse(ReadOnlySpan<byte> utf8, out BridgeChannelMessage? message, out string? error)
    {
        message = null;
        error = null;
        if (utf8.Length > MaxMessageBytes)
        {
            error = $"message of {utf8.Length} bytes is larger than {MaxMessageBytes}";
            return false;
        }
        JsonObject root;
        try
        {
            if (JsonNode.Parse(utf8, NodeOptions, DocumentOptions) is not JsonObject parsed)
            {
                error = "not a JSON object";
                return false;
            }
            root = parsed;
        }
        catch (JsonException e)
        {
            error = "not valid JSON: " + e.Message;
            return false;
        }
        try
        {
            var colibriClass = Text(root, "colibriClass");
            if (string.IsNullOrEmpty(colibriClass))
            {
                error = "no colibriClass";
                return false;
            }
            message = colibriClass switch
            {
                "ClientHello" => new ClientHello(),
                "ReceiverVideoConstraints" => ReadConstraints(root),
                "LastNChangedEvent" => new LastNChangedEvent(Int(root, "lastN") ?? throw new FormatException("lastN is missing")),
                "EndpointMessage" => new EndpointMessage(Text(root, "to") ?? "", root),
                "EndpointStats" => new EndpointStats(root),
                "SourceVideoTypeMessage" => new SourceVideoTypeMessage(Text(root, "sourceName") ?? throw new FormatException("sourceName is missing"), ReadVideoType(root)),
                "VideoTypeMessage" => new SourceVideoTypeMessage(null, ReadVideoType(root)),
                "ReceiverAudioSubscription" => ReadAudioSubscription(root),
                _ => new UnknownMessage(colibriClass),
            };
            return true;
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or JsonException or OverflowException)
        {
            error = e.Message;
            return false;
        }
    }

    private static ReceiverVideoConstraints ReadConstraints(JsonObject root)
    {
        Dictionary<string, VideoConstraints>? constraints = null;
        if (root["constraints"] is JsonObject map)
        {
            constraints = new Dictionary<string, VideoConstraints>(StringComparer.Ordinal);
            foreach (var (source, value) in map)
            {
                constraints[source] = ReadVideoConstraints(value as JsonObject ?? throw new FormatException($"constraints of {source} is not an object"));
            }
        }
        else if (root["constraints"] is not null)
        {
            throw new FormatException("constraints is not an object");
        }
        return new ReceiverVideoConstraints(
            Int(root, "lastN"),
            Strings(root, "selectedSources"),
            Strings(root, "onStageSources"),
            root["defaultConstraints"] is JsonObject d ? ReadVideoConstraints(d) : null,
            constraints,
            root["assumedBandwidthBps"] is JsonValue bw ? bw.GetValue<long>() : null);
    }

    private static VideoConstraints ReadVideoConstraints(JsonObject o) =>
        new(Int(o, "maxHeight") ?? -1, o["maxFrameRate"] is JsonValue v ? v.GetValue<double>() : -1);

    private static VideoType ReadVideoType(JsonObject root) => (Text(root, "videoType") ?? "").ToUpperInvariant() switch
    {
        "CAMERA" => VideoType.Camera,
        "DESKTOP" => VideoType.Desktop,
        "DESKTOP_HIGH_FPS" => VideoType.DesktopHighFps,
        "DISABLED" or "NONE" => VideoType.Disabled,
        var other => throw new FormatException($"unknown videoType '{other}'"),
    };

    private static ReceiverAudioSubscription ReadAudioSubscription(JsonObject root)
    {
        // Legacy form: mode All/None/Include/Exclude with a list.
        if (Text(root, "mode") is { } mode)
        {
            var list = Strings(root, "list") ?? [];
            return mode.ToUpperInvariant() switch
            {
                "ALL" => new ReceiverAudioSubscription(true, [], []),
                "NONE" => new ReceiverAudioSubscription(false, [], []),
                "INCLUDE" => new ReceiverAudioSubscription(false, list, []),
                "EXCLUDE" => new ReceiverAudioSubscription(true, [], list),
                _ => throw new FormatException($"unknown mode '{mode}'"),
            };
        }
        var all = root["all"] is JsonValue a && a.GetValue<bool>();
        return new ReceiverAudioSubscription(all, Strings(root, "include") ?? [], Strings(root, "exclude") ?? []);
    }

    private static string? Text(JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new FormatException($"{name} is not a string"),
    };

    private static int? Int(JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<int>(),
        _ => throw new FormatException($"{name} is not a number"),
    };

    private static List<string>? Strings(JsonObject o, string name) => o[name] switch
    {
        null => null,
        JsonArray array => [.. array.Select(x => x is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw new FormatException($"{name} must hold strings"))],
        _ => throw new FormatException($"{name} is not an array"),
    };
}
