using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Jitsi.Net.XmppComponent.Stanzas;

/// <summary>
/// An XMPP address (RFC 7622): <c>[local@]domain[/resource]</c>. Parsing checks the structure and the lengths
/// of §3 (each part 1–1023 bytes of UTF-8) and the characters the localpart may not hold (§3.3.1); local and domain
/// parts are case-folded so that equal addresses compare equal (a simplification of PRECIS that holds for the
/// ASCII names XMPP servers hand out). Immutable and thread-safe.
/// </summary>
public sealed class Jid : IEquatable<Jid>
{
    private const int MaxPartBytes = 1023;

    // RFC 7622 §3.3.1 (localpart) and the characters no domain label can hold.
    private static readonly System.Buffers.SearchValues<char> LocalForbidden = System.Buffers.SearchValues.Create("\"&'/:<>@ \t\r\n");
    private static readonly System.Buffers.SearchValues<char> DomainForbidden = System.Buffers.SearchValues.Create("@/ \t\r\n\"&'<>");

    private Jid(string? local, string domain, string? resource)
    {
        Local = local;
        Domain = domain;
        Resource = resource;
    }

    public string? Local { get; }

    public string Domain { get; }

    public string? Resource { get; }

    public bool IsBare => Resource is null;

    /// <summary>The address without its resource.</summary>
    public Jid Bare => IsBare ? this : new Jid(Local, Domain, null);

    public Jid WithResource(string resource) => Parse(new Jid(Local, Domain, null) + "/" + resource);

    public static Jid Parse(string text) =>
        TryParse(text, out var jid) ? jid : throw new FormatException($"'{text}' is not a valid JID");

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Jid? jid)
    {
        jid = null;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        // RFC 7622 §3.1: the resource starts at the first '/', the localpart ends at the first '@' before it.
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var resource = slash < 0 ? null : text[(slash + 1)..];
        var bare = slash < 0 ? text : text[..slash];
        var at = bare.IndexOf('@', StringComparison.Ordinal);
        var local = at < 0 ? null : bare[..at];
        var domain = at < 0 ? bare : bare[(at + 1)..];
        if (domain.EndsWith('.'))
        {
            domain = domain[..^1];
        }
        if (!ValidPart(local, allowNull: true) || !ValidPart(resource, allowNull: true) || !ValidPart(domain, allowNull: false))
        {
            return false;
        }
        if (local is not null && local.AsSpan().IndexOfAny(LocalForbidden) >= 0)
        {
            return false;
        }
        if (domain.AsSpan().IndexOfAny(DomainForbidden) >= 0)
        {
            return false;
        }
        if (resource is not null && resource.Any(char.IsControl))
        {
            return false;
        }
        jid = new Jid(local?.ToLowerInvariant(), domain.ToLowerInvariant(), resource);
        return true;
    }

    private static bool ValidPart(string? part, bool allowNull)
    {
        if (part is null)
        {
            return allowNull;
        }
        if (part.Length == 0 || part.Any(char.IsControl))
        {
            return false;
        }
        try
        {
            return Encoding.UTF8.GetByteCount(part) <= MaxPartBytes;
        }
        catch (ArgumentException)
        {
            // Unpaired surrogate.
            return false;
        }
    }

    public bool Equals(Jid? other) =>
        other is not null && Local == other.Local && Domain == other.Domain && Resource == other.Resource;

    public override bool Equals(object? obj) => obj is Jid other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Local, Domain, Resource);

    public static bool operator ==(Jid? left, Jid? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(Jid? left, Jid? right) => !(left == right);

    public override string ToString() =>
        (Local is null ? "" : Local + "@") + Domain + (Resource is null ? "" : "/" + Resource);
}
