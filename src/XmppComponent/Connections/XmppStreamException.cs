namespace Jitsi.Net.XmppComponent.Connections;

/// <summary>The XML stream ended with an error (RFC 6120 §4.9): sent by the peer (<see cref="Remote"/>) or by us
/// because the peer's input broke the rules.</summary>
public sealed class XmppStreamException(string condition, string? text, bool remote)
    : Exception($"{(remote ? "the server closed the stream" : "closed the stream")}: {condition}{(string.IsNullOrEmpty(text) ? "" : " (" + text + ")")}")
{
    public string Condition { get; } = condition;

    public string? Text { get; } = text;

    public bool Remote { get; } = remote;
}

/// <summary>Login failed: wrong credentials, a rejected component secret, or a second connection for a
/// component name that is already connected.</summary>
public sealed class XmppAuthenticationException(string message, string? condition = null) : Exception(message)
{
    public string? Condition { get; } = condition;
}
