namespace Jitsi.Net.XmppComponent.Connections;

/// <summary>When to use TLS on a client stream.</summary>
public enum TlsPolicy
{
    /// <summary>STARTTLS must be offered and succeed, or the login fails.</summary>
    Required,

    /// <summary>STARTTLS when offered; plain otherwise (PLAIN is then refused off loopback).</summary>
    WhenOffered,

    /// <summary>Never negotiate TLS (loopback tests of plain streams).</summary>
    Never,
}

/// <summary>How a client logs in (RFC 6120): where to connect, which domain, which credentials.</summary>
public sealed record ClientOptions
{
    /// <summary>Host name or address of the XMPP server; the domain is never looked up in DNS.</summary>
    public required string Host { get; init; }

    public int Port { get; init; } = 5222;

    /// <summary>The XMPP domain to log in to, e.g. <c>auth.meet.localhost</c>.</summary>
    public required string Domain { get; init; }

    /// <summary>Null for SASL ANONYMOUS.</summary>
    public string? Username { get; init; }

    public string? Password { get; init; }

    /// <summary>Requested resource; the server may assign another.</summary>
    public string? Resource { get; init; }

    public TlsPolicy Tls { get; init; } = TlsPolicy.WhenOffered;

    /// <summary>A PEM or DER certificate trusted for this connection even if self-signed (local deployments).</summary>
    public string? TrustedCertificatePath { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    public int MaxStanzaBytes { get; init; } = Xml.XmlStreamParser.DefaultMaxStanzaBytes;

    public bool IsAnonymous => Username is null;
}
