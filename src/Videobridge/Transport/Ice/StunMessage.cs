using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>A received STUN message (RFC 8489 §5), read in place over the datagram with the attributes
/// ICE uses (RFC 8445 §7). Nothing in it may be trusted before <see cref="VerifyMessageIntegrity(ReadOnlySpan{byte})"/>
/// succeeds. Lives on the stack of the Worker thread that received the datagram.</summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                     Transaction ID (96 bits)                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Only the first occurrence of an attribute counts (RFC 8489 §14); attributes after
/// MESSAGE-INTEGRITY other than FINGERPRINT are ignored (§14.5), and FINGERPRINT must be last (§14.7).
/// </remarks>
internal ref struct StunMessage
{
    public const int HeaderLength = 20;
    public const uint MagicCookie = 0x2112A442;
    public const int TransactionIdLength = 12;

    // RFC 8489 §14.3 and §14.8.
    private const int MaxUsernameLength = 513;
    private const int MaxReasonLength = 763;

    private ReadOnlySpan<byte> _xorMappedAddress;
    private int _integrityOffset;
    private int _fingerprintOffset;

    private StunMessage(ReadOnlySpan<byte> data)
    {
        Raw = data;
        _integrityOffset = -1;
        _fingerprintOffset = -1;
    }

    /// <summary>The whole message as received.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    public StunMessageType Type { get; private set; }

    public readonly ReadOnlySpan<byte> TransactionId => Raw.Slice(8, TransactionIdLength);

    /// <summary>USERNAME ("remote-ufrag:local-ufrag" in an ICE check, RFC 8445 §7.2.2); empty when absent.</summary>
    public ReadOnlySpan<byte> Username { get; private set; }

    public ReadOnlySpan<byte> Software { get; private set; }

    public uint? Priority { get; private set; }

    public bool UseCandidate { get; private set; }

    /// <summary>The tie breaker of ICE-CONTROLLING, when the sender claims that role (RFC 8445 §7.1.3).</summary>
    public ulong? IceControlling { get; private set; }

    public ulong? IceControlled { get; private set; }

    /// <summary>ERROR-CODE as class × 100 + number (300..699).</summary>
    public int? ErrorCode { get; private set; }

    public ReadOnlySpan<byte> ErrorReason { get; private set; }

    public readonly bool HasXorMappedAddress => !_xorMappedAddress.IsEmpty;

    public readonly bool HasMessageIntegrity => _integrityOffset >= 0;

    public readonly bool HasFingerprint => _fingerprintOffset >= 0;

    /// <summary>How many comprehension-required attributes (type &lt; 0x8000) this parser does not know;
    /// a request with any must be answered 420 (RFC 8489 §6.3.1.1).</summary>
    public int UnknownComprehensionRequiredCount { get; private set; }

    /// <summary>Quick demultiplexing check (RFC 7983 §7, RFC 8489 §6): top two bits zero and the magic cookie.</summary>
    public static bool IsStun(ReadOnlySpan<byte> data) =>
        data.Length >= HeaderLength && (data[0] & 0xC0) == 0 && BinaryPrimitives.ReadUInt32BigEndian(data[4..]) == MagicCookie;

    /// <summary>Parses a whole datagram; false when it is not a well-formed STUN message.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out StunMessage message)
    {
        message = default;
        if (!IsStun(data))
        {
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if ((length & 3) != 0 || HeaderLength + length != data.Length)
        {
            return false;
        }
        var parsed = new StunMessage(data) { Type = StunMessageType.FromWire(BinaryPrimitives.ReadUInt16BigEndian(data)) };
        var reader = new StunAttributeReader(data);
        while (reader.TryNext(out var type, out var value, out var offset))
        {
            if (parsed._fingerprintOffset >= 0 || !parsed.TryRead((StunAttributeType)type, value, offset))
            {
                return false;
            }
        }
        if (reader.Malformed)
        {
            return false;
        }
        message = parsed;
        return true;
    }

    /// <summary>Checks MESSAGE-INTEGRITY against the short-term key (the UTF-8 password); false when absent.</summary>
    public readonly bool VerifyMessageIntegrity(ReadOnlySpan<byte> key)
    {
        if (_integrityOffset < 0)
        {
            return false;
        }
        Span<byte> mac = stackalloc byte[StunMessageIntegrity.MacLength];
        StunMessageIntegrity.Compute(Raw[.._integrityOffset], key, mac);
        return ReceivedMacEquals(mac);
    }

    /// <summary>Checks MESSAGE-INTEGRITY with an HMAC-SHA1 the caller keeps per credential (no key setup per message).</summary>
    public readonly bool VerifyMessageIntegrity(IncrementalHash hmac)
    {
        if (_integrityOffset < 0)
        {
            return false;
        }
        Span<byte> mac = stackalloc byte[StunMessageIntegrity.MacLength];
        StunMessageIntegrity.Compute(Raw[.._integrityOffset], hmac, mac);
        return ReceivedMacEquals(mac);
    }

    private readonly bool ReceivedMacEquals(ReadOnlySpan<byte> mac) =>
        CryptographicOperations.FixedTimeEquals(mac, Raw.Slice(_integrityOffset + 4, StunMessageIntegrity.MacLength));

    /// <summary>Checks FINGERPRINT; false when absent (ICE requires it on every check, RFC 8445 §7.2.2).</summary>
    public readonly bool VerifyFingerprint() => _fingerprintOffset >= 0 && StunFingerprint.Verify(Raw, _fingerprintOffset);

    /// <summary>Decodes XOR-MAPPED-ADDRESS into <paramref name="address"/> (4 or 16 bytes).</summary>
    public readonly bool TryGetXorMappedAddress(Span<byte> address, out int addressLength, out ushort port) =>
        StunXorMappedAddress.TryDecode(_xorMappedAddress, TransactionId, address, out addressLength, out port);

    /// <summary>Decodes XOR-MAPPED-ADDRESS as an endpoint (allocates).</summary>
    public readonly bool TryGetXorMappedAddress(out IPEndPoint? endPoint) =>
        StunXorMappedAddress.TryDecode(_xorMappedAddress, TransactionId, out endPoint);

    /// <summary>Copies the unknown comprehension-required attribute types, for the UNKNOWN-ATTRIBUTES of a 420.</summary>
    /// <returns>How many were copied (at most the destination's length).</returns>
    public readonly int GetUnknownAttributes(Span<ushort> destination)
    {
        var count = 0;
        var reader = new StunAttributeReader(Raw);
        while (count < destination.Length && reader.TryNext(out var type, out _, out var offset)
            && (_integrityOffset < 0 || offset < _integrityOffset))
        {
            if (IsUnknownComprehensionRequired(type))
            {
                destination[count++] = type;
            }
        }
        return count;
    }

    private static bool IsUnknownComprehensionRequired(ushort type) =>
        type < 0x8000 && !Enum.IsDefined((StunAttributeType)type);

    private bool TryRead(StunAttributeType type, ReadOnlySpan<byte> value, int offset)
    {
        if (_integrityOffset >= 0 && type != StunAttributeType.Fingerprint)
        {
            return true;
        }
        switch (type)
        {
            case StunAttributeType.Username:
                if (value.Length > MaxUsernameLength)
                {
                    return false;
                }
                Username = Username.IsEmpty ? value : Username;
                return true;
            case StunAttributeType.Software:
                Software = Software.IsEmpty ? value : Software;
                return true;
            case StunAttributeType.Priority:
                if (value.Length != 4)
                {
                    return false;
                }
                Priority ??= BinaryPrimitives.ReadUInt32BigEndian(value);
                return true;
            case StunAttributeType.UseCandidate:
                UseCandidate = true;
                return value.IsEmpty;
            case StunAttributeType.IceControlling:
                IceControlling ??= value.Length == 8 ? BinaryPrimitives.ReadUInt64BigEndian(value) : null;
                return value.Length == 8;
            case StunAttributeType.IceControlled:
                IceControlled ??= value.Length == 8 ? BinaryPrimitives.ReadUInt64BigEndian(value) : null;
                return value.Length == 8;
            case StunAttributeType.XorMappedAddress:
                _xorMappedAddress = _xorMappedAddress.IsEmpty ? value : _xorMappedAddress;
                return StunXorMappedAddress.IsWellFormed(value);
            case StunAttributeType.ErrorCode:
                return ErrorCode is not null || TryReadErrorCode(value);
            case StunAttributeType.MessageIntegrity:
                _integrityOffset = offset;
                return value.Length == StunMessageIntegrity.MacLength;
            case StunAttributeType.Fingerprint:
                _fingerprintOffset = offset;
                return value.Length == 4;
            default:
                if (IsUnknownComprehensionRequired((ushort)type))
                {
                    UnknownComprehensionRequiredCount++;
                }
                return true;
        }
    }

    // ERROR-CODE (RFC 8489 §14.8): 21 reserved bits, class (3 bits, 3..6), number (8 bits, 0..99), reason.
    private bool TryReadErrorCode(ReadOnlySpan<byte> value)
    {
        if (value.Length < 4 || value.Length - 4 > MaxReasonLength)
        {
            return false;
        }
        int errorClass = value[2] & 0x07;
        int number = value[3];
        if (errorClass < 3 || errorClass > 6 || number > 99)
        {
            return false;
        }
        ErrorCode = errorClass * 100 + number;
        ErrorReason = value[4..];
        return true;
    }
}
