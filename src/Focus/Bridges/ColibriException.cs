using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Focus.Bridges;

/// <summary>
/// A colibri2 request failed (PROTOCOL.md §3.5): the bridge answered with an IQ error (its condition and colibri2
/// reason, if any), did not answer in time, or the connection was lost. The conference then treats the bridge as
/// failed and re-invites its participants elsewhere.
/// </summary>
internal sealed class ColibriException : Exception
{
    public ColibriException(string message, StanzaErrorCondition? condition = null, string? reason = null, Exception? inner = null)
        : base(message, inner)
    {
        Condition = condition;
        Reason = reason;
    }

    /// <summary>Null for a timeout or a lost connection.</summary>
    public StanzaErrorCondition? Condition { get; }

    /// <summary>The colibri2 reason (<c>conference_not_found</c>, <c>unknown_endpoint</c>…), if the bridge gave one.</summary>
    public string? Reason { get; }

    public bool IsTimeout => Condition is null;
}
