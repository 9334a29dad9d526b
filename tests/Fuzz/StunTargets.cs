using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.Fuzz;

/// <summary>Fuzz targets for the STUN message layer.</summary>
internal static class StunTargets
{
    private static readonly byte[] Key = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();

    /// <summary>Parses any datagram; a parsed message is written again from its fields (with fresh
    /// MESSAGE-INTEGRITY and FINGERPRINT when it had them) and must parse to the same fields and verify.</summary>
    [FuzzTarget("stun")]
    public static void Stun(byte[] data)
    {
        _ = StunMessage.IsStun(data);
        if (!StunMessage.TryParse(data, out var message))
        {
            return;
        }
        _ = message.VerifyMessageIntegrity(Key);
        _ = message.VerifyFingerprint();
        Span<ushort> unknown = stackalloc ushort[16];
        var unknownCount = message.GetUnknownAttributes(unknown);
        if (unknownCount != Math.Min(16, message.UnknownComprehensionRequiredCount))
        {
            throw new FuzzInvariantException("GetUnknownAttributes disagrees with UnknownComprehensionRequiredCount");
        }

        var buffer = new byte[data.Length + 64];
        if (!TryRewrite(message, buffer, out var length))
        {
            throw new FuzzInvariantException("a parsed message could not be written again");
        }
        if (!StunMessage.TryParse(buffer.AsSpan(0, length), out var again))
        {
            throw new FuzzInvariantException("a written message does not parse");
        }
        if (!SameFields(message, again)
            || (message.HasMessageIntegrity && !again.VerifyMessageIntegrity(Key))
            || (message.HasFingerprint && !again.VerifyFingerprint()))
        {
            throw new FuzzInvariantException("parse → write → parse changed the message");
        }
    }

    private static bool TryRewrite(StunMessage message, Span<byte> buffer, out int length)
    {
        var writer = new StunMessageWriter(buffer, message.Type, message.TransactionId);
        if (!message.Username.IsEmpty)
        {
            writer.TryAddUsername(message.Username);
        }
        if (!message.Software.IsEmpty)
        {
            writer.TryAddSoftware(message.Software);
        }
        if (message.Priority is { } priority)
        {
            writer.TryAddPriority(priority);
        }
        if (message.UseCandidate)
        {
            writer.TryAddUseCandidate();
        }
        if (message.IceControlling is { } controlling)
        {
            writer.TryAddIceControlling(controlling);
        }
        if (message.IceControlled is { } controlled)
        {
            writer.TryAddIceControlled(controlled);
        }
        Span<byte> address = stackalloc byte[16];
        if (message.TryGetXorMappedAddress(address, out var addressLength, out var port))
        {
            writer.TryAddXorMappedAddress(address[..addressLength], port);
        }
        if (message.ErrorCode is { } code)
        {
            writer.TryAddErrorCode(code, message.ErrorReason);
        }
        if (message.HasMessageIntegrity)
        {
            writer.TryAddMessageIntegrity(Key);
        }
        if (message.HasFingerprint)
        {
            writer.TryAddFingerprint();
        }
        return writer.TryComplete(out length);
    }

    private static bool SameFields(StunMessage a, StunMessage b)
    {
        Span<byte> addressA = stackalloc byte[16];
        Span<byte> addressB = stackalloc byte[16];
        var hasA = a.TryGetXorMappedAddress(addressA, out var lengthA, out var portA);
        var hasB = b.TryGetXorMappedAddress(addressB, out var lengthB, out var portB);
        return a.Type == b.Type
            && a.TransactionId.SequenceEqual(b.TransactionId)
            && a.Username.SequenceEqual(b.Username)
            && a.Software.SequenceEqual(b.Software)
            && a.Priority == b.Priority
            && a.UseCandidate == b.UseCandidate
            && a.IceControlling == b.IceControlling
            && a.IceControlled == b.IceControlled
            && a.ErrorCode == b.ErrorCode
            && a.ErrorReason.SequenceEqual(b.ErrorReason)
            && hasA == hasB && portA == portB && addressA[..lengthA].SequenceEqual(addressB[..lengthB])
            && a.HasMessageIntegrity == b.HasMessageIntegrity
            && a.HasFingerprint == b.HasFingerprint;
    }
}
