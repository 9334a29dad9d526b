using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// The Jingle actions of XEP-0166 §7.2 plus Jitsi's <c>source-add</c>/<c>source-remove</c> (PROTOCOL.md §2.5).
/// <see cref="Unknown"/> stands for an absent or unrecognised wire name.
/// </summary>
public enum JingleAction
{
    Unknown,
    ContentAccept,
    ContentAdd,
    ContentModify,
    ContentReject,
    ContentRemove,
    DescriptionInfo,
    SecurityInfo,
    SessionAccept,
    SessionInfo,
    SessionInitiate,
    SessionTerminate,
    SourceAdd,
    SourceRemove,
    TransportAccept,
    TransportInfo,
    TransportReject,
    TransportReplace,
}

/// <summary>Wire names of <see cref="JingleAction"/>. Immutable and thread-safe.</summary>
public static class JingleActionNames
{
    private static readonly FrozenDictionary<JingleAction, string> Names = new Dictionary<JingleAction, string>
    {
        [JingleAction.ContentAccept] = "content-accept",
        [JingleAction.ContentAdd] = "content-add",
        [JingleAction.ContentModify] = "content-modify",
        [JingleAction.ContentReject] = "content-reject",
        [JingleAction.ContentRemove] = "content-remove",
        [JingleAction.DescriptionInfo] = "description-info",
        [JingleAction.SecurityInfo] = "security-info",
        [JingleAction.SessionAccept] = "session-accept",
        [JingleAction.SessionInfo] = "session-info",
        [JingleAction.SessionInitiate] = "session-initiate",
        [JingleAction.SessionTerminate] = "session-terminate",
        [JingleAction.SourceAdd] = "source-add",
        [JingleAction.SourceRemove] = "source-remove",
        [JingleAction.TransportAccept] = "transport-accept",
        [JingleAction.TransportInfo] = "transport-info",
        [JingleAction.TransportReject] = "transport-reject",
        [JingleAction.TransportReplace] = "transport-replace",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, JingleAction> Actions =
        Names.ToFrozenDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>The wire name; <see cref="JingleAction.Unknown"/> has none.</summary>
    public static string ToWire(this JingleAction action) =>
        Names.TryGetValue(action, out var name) ? name : throw new ArgumentOutOfRangeException(nameof(action));

    public static bool TryParse([NotNullWhen(true)] string? name, out JingleAction action)
    {
        action = JingleAction.Unknown;
        return name is not null && Actions.TryGetValue(name, out action);
    }
}
