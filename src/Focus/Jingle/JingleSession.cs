using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Focus.Jingle;

/// <summary>
/// One Jingle session between the focus and a participant (PROTOCOL.md §2): its <c>sid</c>, the
/// <c>bridge-session</c> id of the colibri2 allocation behind it, and whether the participant has accepted.
/// Source changes of others that happen before the accept are queued and sent once it is active (§2.3 step 3).
/// Owned by the conference queue.
/// </summary>
internal sealed class JingleSession(string sid, string bridgeSessionId, IColibriSession colibri, bool jsonSources)
{
    private readonly List<(JingleAction Action, EndpointSourceSet Sources)> _pending = [];

    public string Sid { get; } = sid;

    public string BridgeSessionId { get; } = bridgeSessionId;

    public IColibriSession Colibri { get; } = colibri;

    /// <summary>The participant reads sources as <c>json-message</c> (§1.6).</summary>
    public bool JsonSources { get; } = jsonSources;

    public bool IsActive { get; private set; }

    public void Activate() => IsActive = true;

    /// <summary>Queues a source change for when the session is active.</summary>
    public void Queue(JingleAction action, EndpointSourceSet sources) => _pending.Add((action, sources));

    /// <summary>The queued changes, oldest first; the queue is emptied.</summary>
    public IReadOnlyList<(JingleAction Action, EndpointSourceSet Sources)> TakePending()
    {
        var pending = _pending.ToList();
        _pending.Clear();
        return pending;
    }

    public static string NewSid() => Guid.NewGuid().ToString("N")[..12];
}
