using System.Text.Json;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Focus.Conferences;

/// <summary>The mute state and video type a participant reports for one of its sources.</summary>
internal sealed record SourceState(string Name, char MediaType, bool Muted, string? VideoType);

/// <summary>
/// What the focus reads from a participant's MUC presence (PROTOCOL.md §1.5): <c>stats-id</c>, the codec list
/// (VP8 always added), the region, and the per-source mute state from the <c>SourceInfo</c> JSON — keyed by source
/// names that must start with the participant's own endpoint id (others are ignored), missing <c>muted</c> meaning
/// muted; the legacy <c>audiomuted</c>/<c>videomuted</c> only when SourceInfo is absent. Malformed JSON reads as
/// "no sources". Immutable.
/// </summary>
internal sealed record ParticipantPresence(string EndpointId, string? StatsId, IReadOnlyList<string> Codecs, string? Region,
    IReadOnlyDictionary<string, SourceState> Sources)
{
    public bool AudioMuted => !Sources.Values.Any(s => s.MediaType == 'a' && !s.Muted);

    public bool VideoMuted => !Sources.Values.Any(s => s.MediaType == 'v' && !s.Muted);

    public static ParticipantPresence From(MucOccupant occupant)
    {
        string? Text(string name) => (string?)occupant.Extension(Namespaces.Client + name);
        var codecs = (Text("jitsi_participant_codecList") ?? Text("jitsi_participant_codecType") ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(c => c.ToLowerInvariant()).ToList();
        if (!codecs.Contains("vp8"))
        {
            codecs.Add("vp8");
        }
        var sources = ReadSourceInfo(occupant.Nickname, occupant.Extension(Namespaces.Client + "SourceInfo"))
            ?? Legacy(occupant.Nickname, Text("audiomuted"), Text("videomuted"));
        return new ParticipantPresence(occupant.Nickname, Text("stats-id"), codecs, Text("jitsi_participant_region"), sources);
    }

    private static Dictionary<string, SourceState>? ReadSourceInfo(string endpointId, XElement? element)
    {
        if (element is null)
        {
            return null;
        }
        var result = new Dictionary<string, SourceState>(StringComparer.Ordinal);
        try
        {
            using var json = JsonDocument.Parse(element.Value, new JsonDocumentOptions { MaxDepth = 8 });
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return result;
            }
            foreach (var source in json.RootElement.EnumerateObject())
            {
                // Names are <endpointId>-a<N> / -v<N>; a participant may only describe its own sources.
                if (!source.Name.StartsWith(endpointId + "-", StringComparison.Ordinal) || source.Name.Length < endpointId.Length + 2
                    || source.Value.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }
                var type = source.Value.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String
                    ? (m.GetString() == "audio" ? 'a' : 'v')
                    : source.Name[endpointId.Length + 1];
                if (type is not ('a' or 'v'))
                {
                    continue;
                }
                var muted = !source.Value.TryGetProperty("muted", out var mutedValue) || mutedValue.ValueKind != JsonValueKind.False;
                var videoType = source.Value.TryGetProperty("videoType", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                result[source.Name] = new SourceState(source.Name, type, muted, videoType);
            }
        }
        catch (JsonException)
        {
        }
        return result;
    }

    private static Dictionary<string, SourceState> Legacy(string endpointId, string? audioMuted, string? videoMuted)
    {
        var result = new Dictionary<string, SourceState>(StringComparer.Ordinal);
        if (audioMuted is not null)
        {
            result[endpointId + "-a0"] = new SourceState(endpointId + "-a0", 'a', audioMuted != "false", null);
        }
        if (videoMuted is not null)
        {
            result[endpointId + "-v0"] = new SourceState(endpointId + "-v0", 'v', videoMuted != "false", "camera");
        }
        return result;
    }
}
