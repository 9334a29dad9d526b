using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>The MESSAGE-INTEGRITY attribute value: HMAC-SHA1 of the message up to the attribute, keyed
/// with the short-term credential (the UTF-8 ICE password, RFC 8489 §9.1.1, RFC 8445 §7.2.2).
/// Stateless; any thread (an <see cref="IncrementalHash"/> passed in belongs to its caller's thread).</summary>
/// <remarks>RFC 8489 §14.5: the length field hashed is the one the message would have if
/// MESSAGE-INTEGRITY were its last attribute, so a FINGERPRINT added afterwards does not change the MAC.</remarks>
internal static class StunMessageIntegrity
{
    /// <summary>Attribute header (4) plus the 20-byte HMAC-SHA1.</summary>
    public const int AttributeLength = 24;

    public const int MacLength = 20;

    private const int StackCopyLimit = 1024;

    /// <summary>MAC of a received message; <paramref name="prefix"/> ends where MESSAGE-INTEGRITY starts.</summary>
    public static void Compute(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, Span<byte> mac)
    {
        // The header must be hashed with an adjusted length, and the input is read-only: hash a copy.
        byte[]? rented = null;
        var copy = prefix.Length <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(prefix.Length));
        copy = copy[..prefix.Length];
        prefix.CopyTo(copy);
        SetAdjustedLength(copy);
        HMACSHA1.HashData(key, copy, mac);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>MAC of a received message with an HMAC whose key setup the caller keeps per credential.</summary>
    public static void Compute(ReadOnlySpan<byte> prefix, IncrementalHash hmac, Span<byte> mac)
    {
        Span<byte> header = stackalloc byte[StunMessage.HeaderLength];
        prefix[..StunMessage.HeaderLength].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], AdjustedLength(prefix.Length));
        hmac.AppendData(header);
        hmac.AppendData(prefix[StunMessage.HeaderLength..]);
        hmac.TryGetHashAndReset(mac, out _);
    }

    /// <summary>Sets the length field of a message being written so that it ends after MESSAGE-INTEGRITY.</summary>
    public static void SetAdjustedLength(Span<byte> prefix) =>
        BinaryPrimitives.WriteUInt16BigEndian(prefix[2..], AdjustedLength(prefix.Length));

    private static ushort AdjustedLength(int prefixLength) =>
        (ushort)(prefixLength - StunMessage.HeaderLength + AttributeLength);
}
