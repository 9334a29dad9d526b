namespace Jitsi.Net.XmppComponent.Routing;

/// <summary>An IQ request got no reply in time.</summary>
public sealed class IQTimeoutException(string message) : TimeoutException(message);
