using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// The compact JSON source encoding of a <c>json-message</c> (PROTOCOL.md §2.2), sent instead of XEP-0339 elements to
/// clients that advertise <c>http://jitsi.org/json-encoded-sources</c>:
/// <code>{"sources":{"&lt;owner&gt;":[V, VG, A, AG]}}</code>
/// V/A are arrays of <c>{"s":ssrc,"n":name,"m":msid,"v":"d"}</c> (<c>v</c> only for desktop), VG/AG arrays of groups
/// <c>["f",ssrc,ssrc]</c> (FID) or <c>["s",s1,s2,s3]</c> (SIM); other semantics are written by their full name. A
/// trailing empty AG is omitted when writing and may be missing when reading. Thread-safe (no state).
/// </summary>
public static class JsonSources
{
    private const int VideoSources = 0;
    private const int VideoGroups = 1;
    private const int AudioSources = 2;
    private const int AudioGroups = 3;

    // The JSON goes into XML text, which escapes what it must; keep names and msids readable.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(EndpointSourceSet sources)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, WriterOptions))
        {
            json.WriteStartObject();
            json.WriteStartObject("sources");
            foreach (var owner in sources.Owners)
            {
                json.WriteStartArray(owner);
                var video = sources[owner].Where(s => s.Media == MediaType.Video).ToList();
                var audio = sources[owner].Where(s => s.Media == MediaType.Audio).ToList();
                WriteSources(json, video);
                WriteGroups(json, video);
                WriteSources(json, audio);
                if (audio.Any(s => s.Groups.Count > 0))
                {
                    WriteGroups(json, audio);
                }
                json.WriteEndArray();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Parses and validates (as <see cref="EndpointSourceSet.Builder"/> does); malformed JSON, a wrong shape or
    /// more than <paramref name="maxSources"/> source entries give false and a reason, never an exception.</summary>
    public static bool TryParse(string json, int maxSources, [NotNullWhen(true)] out EndpointSourceSet? sources,
        [NotNullWhen(false)] out string? reason)
    {
        sources = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            return TryRead(document.RootElement, maxSources, out sources, out reason);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
            reason = "malformed JSON: " + e.Message;
            return false;
        }
    }

    private static bool TryRead(JsonElement root, int maxSources, [NotNullWhen(true)] out EndpointSourceSet? sources,
        [NotNullWhen(false)] out string? reason)
    {
        sources = null;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("sources", out var map) || map.ValueKind != JsonValueKind.Object)
        {
            reason = "no \"sources\" object";
            return false;
        }
        var count = 0;
        foreach (var owner in map.EnumerateObject())
        {
            if (owner.Value.ValueKind != JsonValueKind.Array || owner.Value.GetArrayLength() > 4)
            {
                reason = $"sources of '{owner.Name}' are not an array of at most 4 arrays";
                return false;
            }
            count += owner.Value.EnumerateArray().Where((_, i) => i is VideoSources or AudioSources)
                .Sum(a => a.ValueKind == JsonValueKind.Array ? a.GetArrayLength() : 0);
        }
        if (count > maxSources)
        {
            reason = $"{count} sources exceed the limit of {maxSources}";
            return false;
        }
        var builder = new EndpointSourceSet.Builder();
        foreach (var owner in map.EnumerateObject())
        {
            var parts = owner.Value.EnumerateArray().ToList();
            for (var i = 0; i < parts.Count; i++)
            {
                var media = i is VideoSources or VideoGroups ? MediaType.Video : MediaType.Audio;
                if (parts[i].ValueKind != JsonValueKind.Array)
                {
                    reason = $"part {i} of '{owner.Name}' is not an array";
                    return false;
                }
                if (i is VideoSources or AudioSources
                    ? !TryReadSources(builder, owner.Name, media, parts[i], out reason)
                    : !TryReadGroups(builder, media, parts[i], out reason))
                {
                    return false;
                }
            }
        }
        return builder.TryBuild(out sources, out reason);
    }

    private static bool TryReadSources(EndpointSourceSet.Builder builder, string owner, MediaType media, JsonElement array,
        [NotNullWhen(false)] out string? reason)
    {
        foreach (var source in array.EnumerateArray())
        {
            if (source.ValueKind != JsonValueKind.Object || !source.TryGetProperty("s", out var s))
            {
                return Fail($"a source of '{owner}' has no \"s\"", out reason);
            }
            if (!TryReadSsrc(s, out var ssrc, out reason))
            {
                return false;
            }
            var videoType = String(source, "v") == "d" ? SourceDescription.Desktop : null;
            if (!builder.TryAddSource(owner, media, ssrc, String(source, "n"), String(source, "m"), videoType, out reason))
            {
                return false;
            }
        }
        reason = null;
        return true;
    }

    private static bool TryReadGroups(EndpointSourceSet.Builder builder, MediaType media, JsonElement array,
        [NotNullWhen(false)] out string? reason)
    {
        foreach (var group in array.EnumerateArray())
        {
            if (group.ValueKind != JsonValueKind.Array || group.GetArrayLength() == 0 || group[0].ValueKind != JsonValueKind.String)
            {
                return Fail("a group is not [\"semantics\", ssrc…]", out reason);
            }
            var semantics = group[0].GetString() switch
            {
                "f" => SourceGroupElement.FlowId,
                "s" => SourceGroupElement.Simulcast,
                var other => other!,
            };
            var ssrcs = new List<uint>();
            foreach (var item in group.EnumerateArray().Skip(1))
            {
                if (!TryReadSsrc(item, out var ssrc, out reason))
                {
                    return false;
                }
                ssrcs.Add(ssrc);
            }
            if (!builder.TryAddGroup(media, semantics, ssrcs, out reason))
            {
                return false;
            }
        }
        reason = null;
        return true;
    }

    private static bool TryReadSsrc(JsonElement value, out uint ssrc, [NotNullWhen(false)] out string? reason)
    {
        ssrc = 0;
        if (value.ValueKind != JsonValueKind.Number)
        {
            return Fail($"ssrc {value.GetRawText()} is not a number", out reason);
        }
        return SourceElement.TryParseSsrc(value.GetRawText(), out ssrc, out reason);
    }

    private static string? String(JsonElement source, string name) =>
        source.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Fail(string message, out string? reason)
    {
        reason = message;
        return false;
    }

    private static void WriteSources(Utf8JsonWriter json, List<SourceDescription> sources)
    {
        json.WriteStartArray();
        foreach (var source in sources)
        {
            foreach (var ssrc in source.Ssrcs)
            {
                json.WriteStartObject();
                json.WriteNumber("s", ssrc);
                json.WriteString("n", source.Name);
                if (source.Msid is not null)
                {
                    json.WriteString("m", source.Msid);
                }
                if (source.VideoType == SourceDescription.Desktop)
                {
                    json.WriteString("v", "d");
                }
                json.WriteEndObject();
            }
        }
        json.WriteEndArray();
    }

    private static void WriteGroups(Utf8JsonWriter json, List<SourceDescription> sources)
    {
        json.WriteStartArray();
        foreach (var group in sources.SelectMany(s => s.Groups))
        {
            json.WriteStartArray();
            json.WriteStringValue(group.Semantics switch
            {
                SourceGroupElement.FlowId => "f",
                SourceGroupElement.Simulcast => "s",
                var other => other,
            });
            foreach (var ssrc in group.Ssrcs)
            {
                json.WriteNumberValue(ssrc);
            }
            json.WriteEndArray();
        }
        json.WriteEndArray();
    }
}
