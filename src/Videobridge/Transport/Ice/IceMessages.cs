using System.Security.Cryptography;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>The three STUN messages an ICE agent writes: a connectivity check (RFC 8445 §7.2.2), its success
/// response (§7.3.1) and an error response (§7.3.1.1, RFC 8489 §6.3.4). Every one carries MESSAGE-INTEGRITY
/// and FINGERPRINT. Stateless; called on the Worker thread, with HMACs owned by that thread.</summary>
internal static class IceMessages
{
    /// <summary>A Binding request: USERNAME "remote-ufrag:local-ufrag", PRIORITY (of the peer-reflexive candidate
    /// the peer would learn, §7.2.2), the role attribute with our tie-breaker, USE-CANDIDATE when nominating,
    /// MESSAGE-INTEGRITY keyed with the peer's password.</summary>
    public static int WriteCheck(Span<byte> buffer, ReadOnlySpan<byte> transactionId, ReadOnlySpan<byte> username, uint priority,
        IceRole role, ulong tieBreaker, bool useCandidate, IncrementalHash remoteHmac)
    {
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingRequest, transactionId);
        writer.TryAddUsername(username);
        writer.TryAddPriority(priority);
        if (role == IceRole.Controlling)
        {
            writer.TryAddIceControlling(tieBreaker);
        }
        else
        {
            writer.TryAddIceControlled(tieBreaker);
        }
        if (useCandidate)
        {
            writer.TryAddUseCandidate();
        }
        writer.TryAddMessageIntegrity(remoteHmac);
        writer.TryAddFingerprint();
        return writer.TryComplete(out var length) ? length : 0;
    }

    /// <summary>A Binding success response: XOR-MAPPED-ADDRESS = where the request came from, integrity with our password.</summary>
    public static int WriteSuccess(Span<byte> buffer, ReadOnlySpan<byte> transactionId, in TransportAddress source, IncrementalHash localHmac)
    {
        Span<byte> address = stackalloc byte[16];
        var addressLength = source.WriteAddress(address);
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingSuccessResponse, transactionId);
        writer.TryAddXorMappedAddress(address[..addressLength], source.Port);
        writer.TryAddMessageIntegrity(localHmac);
        writer.TryAddFingerprint();
        return writer.TryComplete(out var length) ? length : 0;
    }

    /// <summary>A Binding error response, with UNKNOWN-ATTRIBUTES for a 420. Only sent for requests whose integrity
    /// verified, so it carries integrity too.</summary>
    public static int WriteError(Span<byte> buffer, ReadOnlySpan<byte> transactionId, StunErrorCode code, ReadOnlySpan<ushort> unknownAttributes,
        IncrementalHash localHmac)
    {
        var writer = new StunMessageWriter(buffer, StunMessageType.BindingErrorResponse, transactionId);
        writer.TryAddErrorCode((int)code, Reason(code));
        if (code == StunErrorCode.UnknownAttribute)
        {
            writer.TryAddUnknownAttributes(unknownAttributes);
        }
        writer.TryAddMessageIntegrity(localHmac);
        writer.TryAddFingerprint();
        return writer.TryComplete(out var length) ? length : 0;
    }

    private static ReadOnlySpan<byte> Reason(StunErrorCode code) => code switch
    {
        StunErrorCode.BadRequest => "Bad Request"u8,
        StunErrorCode.Unauthorized => "Unauthorized"u8,
        StunErrorCode.UnknownAttribute => "Unknown Attribute"u8,
        StunErrorCode.RoleConflict => "Role Conflict"u8,
        _ => "Server Error"u8,
    };
}
