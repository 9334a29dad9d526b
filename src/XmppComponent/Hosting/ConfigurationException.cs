namespace Jitsi.Net.XmppComponent.Hosting;

/// <summary>A configuration value is missing or wrong; the message names the key (e.g. <c>Xmpp:Port</c>).</summary>
public sealed class ConfigurationException(string message, Exception? inner = null) : Exception(message, inner);
