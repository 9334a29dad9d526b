namespace Jitsi.Net.XmppComponent.Connections;

/// <summary>How to reach the server's component port (XEP-0114) and who we are there.</summary>
public sealed record ComponentOptions
{
    /// <summary>Host name or address of the XMPP server; never resolved through the XMPP domain or SRV.</summary>
    public required string Host { get; init; }

    public int Port { get; init; } = 5347;

    /// <summary>The component's domain, e.g. <c>focus.meet.localhost</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The server's main domain, where keep-alive pings go, e.g. <c>meet.localhost</c>.</summary>
    public required string ServerDomain { get; init; }

    public required string Secret { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxStanzaBytes { get; init; } = Xml.XmlStreamParser.DefaultMaxStanzaBytes;
}
