using System.Text.Json.Nodes;

namespace Jitsi.Net.Videobridge.Http.BridgeChannel;

/// <summary>
/// A message on the bridge channel (colibri-ws), told apart by its <c>colibriClass</c> (PROTOCOL.md §4).
/// Only the client → bridge classes are modelled as types; what the bridge sends is written by
/// <see cref="BridgeChannelWriter"/>. Immutable.
/// </summary>
internal abstract record BridgeChannelMessage(string ColibriClass);

/// <summary>A connectivity probe; the bridge answers <c>ServerHello</c>.</summary>
internal sealed record ClientHello() : BridgeChannelMessage("ClientHello");

/// <summary>Per-source limits: −1 means unlimited, 0 means off.</summary>
internal readonly record struct VideoConstraints(int MaxHeight, double MaxFrameRate);

/// <summary>
/// What a receiver wants to see (§4.2). A <b>partial update</b>: null fields keep their previous value; a present
/// <see cref="Constraints"/> map replaces the whole per-source map.
/// </summary>
internal sealed record ReceiverVideoConstraints(
    int? LastN,
    IReadOnlyList<string>? SelectedSources,
    IReadOnlyList<string>? OnStageSources,
    VideoConstraints? DefaultConstraints,
    IReadOnlyDictionary<string, VideoConstraints>? Constraints,
    long? AssumedBandwidthBps) : BridgeChannelMessage("ReceiverVideoConstraints");

/// <summary>The legacy way to set last-N.</summary>
internal sealed record LastNChangedEvent(int LastN) : BridgeChannelMessage("LastNChangedEvent");

/// <summary>A message for other endpoints: <see cref="To"/> is an endpoint id, or empty for everyone. The whole
/// object is relayed with <c>from</c> set by the bridge (never trusted from the payload).</summary>
internal sealed record EndpointMessage(string To, JsonObject Message) : BridgeChannelMessage("EndpointMessage");

/// <summary>Connection-quality statistics relayed to the other endpoints with <c>from</c>.</summary>
internal sealed record EndpointStats(JsonObject Message) : BridgeChannelMessage("EndpointStats");

/// <summary>The kind of a video source: camera, desktop (screen share) or disabled.</summary>
internal enum VideoType
{
    Camera,
    Desktop,
    DesktopHighFps,
    Disabled,
}

/// <summary>Changes a source's video type (§4.2); <c>VideoTypeMessage</c>, the single-source legacy form, has no name.</summary>
internal sealed record SourceVideoTypeMessage(string? SourceName, VideoType VideoType) : BridgeChannelMessage("SourceVideoTypeMessage");

/// <summary>Which audio sources the receiver wants (§4.2): all, or all but <see cref="Exclude"/>, or only <see cref="Include"/>.</summary>
internal sealed record ReceiverAudioSubscription(bool All, IReadOnlyList<string> Include, IReadOnlyList<string> Exclude)
    : BridgeChannelMessage("ReceiverAudioSubscription");

/// <summary>A class the bridge does not handle; logged and dropped.</summary>
internal sealed record UnknownMessage(string Class) : BridgeChannelMessage(Class);
