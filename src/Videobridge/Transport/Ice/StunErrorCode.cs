namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>ERROR-CODE values an ICE agent sends or reacts to (RFC 8489 §14.8, RFC 8445 §7.3.1.1).
/// A plain value; any thread.</summary>
internal enum StunErrorCode
{
    /// <summary>Malformed request, or a check without the attributes ICE requires.</summary>
    BadRequest = 400,

    /// <summary>USERNAME unknown or MESSAGE-INTEGRITY wrong.</summary>
    Unauthorized = 401,

    /// <summary>A comprehension-required attribute was not understood; the response lists it in UNKNOWN-ATTRIBUTES.</summary>
    UnknownAttribute = 420,

    /// <summary>Both agents claim the same ICE role; the tie breakers decide who switches.</summary>
    RoleConflict = 487,

    ServerError = 500,
}
