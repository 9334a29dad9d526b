using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>Builds a STUN message (RFC 8489 §5, §14) into a caller's buffer: header, attributes, then
/// MESSAGE-INTEGRITY and FINGERPRINT last. A failed append (no room, bad value) sticks, so the caller
/// checks once in <see cref="TryComplete"/>. Lives on the stack of the Worker thread that sends.</summary>
internal ref struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private readonly byte _padding;
    private int _length;
    private bool _failed;

    /// <param name="padding">The byte that fills attribute padding; receivers ignore it (RFC 8489 §14),
    /// it is a parameter only so that published samples padded with spaces can be rebuilt exactly.</param>
    public StunMessageWriter(Span<byte> buffer, StunMessageType type, scoped ReadOnlySpan<byte> transactionId, byte padding = 0)
    {
        _buffer = buffer;
        _padding = padding;
        if (buffer.Length < StunMessage.HeaderLength || transactionId.Length != StunMessage.TransactionIdLength || type.Method > 0xFFF)
        {
            _failed = true;
            return;
        }
        BinaryPrimitives.WriteUInt16BigEndian(buffer, type.ToWire());
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunMessage.MagicCookie);
        transactionId.CopyTo(buffer[8..]);
        _length = StunMessage.HeaderLength;
        SetLengthField();
    }

    public bool TryAddUsername(scoped ReadOnlySpan<byte> username) => TryAddAttribute(StunAttributeType.Username, username);

    public bool TryAddSoftware(scoped ReadOnlySpan<byte> software) => TryAddAttribute(StunAttributeType.Software, software);

    public bool TryAddPriority(uint priority)
    {
        Span<byte> value = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(value, priority);
        return TryAddAttribute(StunAttributeType.Priority, value);
    }

    public bool TryAddUseCandidate() => TryAddAttribute(StunAttributeType.UseCandidate, []);

    public bool TryAddIceControlling(ulong tieBreaker) => TryAddUInt64(StunAttributeType.IceControlling, tieBreaker);

    public bool TryAddIceControlled(ulong tieBreaker) => TryAddUInt64(StunAttributeType.IceControlled, tieBreaker);

    /// <summary>Adds XOR-MAPPED-ADDRESS for a 4- or 16-byte address in network order.</summary>
    public bool TryAddXorMappedAddress(scoped ReadOnlySpan<byte> address, ushort port)
    {
        if (_failed)
        {
            return false;
        }
        Span<byte> value = stackalloc byte[20];
        var ok = StunXorMappedAddress.TryEncode(address, port, _buffer.Slice(8, StunMessage.TransactionIdLength), value, out var written);
        return Check(ok) && TryAddAttribute(StunAttributeType.XorMappedAddress, value[..written]);
    }

    public bool TryAddXorMappedAddress(IPEndPoint endPoint)
    {
        if (_failed)
        {
            return false;
        }
        Span<byte> value = stackalloc byte[20];
        var ok = StunXorMappedAddress.TryEncode(endPoint, _buffer.Slice(8, StunMessage.TransactionIdLength), value, out var written);
        return Check(ok) && TryAddAttribute(StunAttributeType.XorMappedAddress, value[..written]);
    }

    /// <summary>Adds ERROR-CODE (RFC 8489 §14.8) for a code in 300..699 and a UTF-8 reason phrase.</summary>
    public bool TryAddErrorCode(int code, scoped ReadOnlySpan<byte> reason)
    {
        if (!Check(code is >= 300 and <= 699 && reason.Length <= 763) || !TryReserve(4 + reason.Length, out var value))
        {
            return false;
        }
        value[..2].Clear();
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        reason.CopyTo(value[4..]);
        return Commit(StunAttributeType.ErrorCode, value.Length);
    }

    /// <summary>Adds UNKNOWN-ATTRIBUTES (RFC 8489 §14.9) for a 420 response.</summary>
    public bool TryAddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        if (!TryReserve(2 * types.Length, out var value))
        {
            return false;
        }
        for (var i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(2 * i)..], types[i]);
        }
        return Commit(StunAttributeType.UnknownAttributes, value.Length);
    }

    public bool TryAddAttribute(StunAttributeType type, scoped ReadOnlySpan<byte> value)
    {
        if (!TryReserve(value.Length, out var destination))
        {
            return false;
        }
        value.CopyTo(destination);
        return Commit(type, value.Length);
    }

    /// <summary>Appends MESSAGE-INTEGRITY keyed with the short-term key (the UTF-8 password).</summary>
    public bool TryAddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        if (!TryReserve(StunMessageIntegrity.MacLength, out var mac))
        {
            return false;
        }
        var prefix = _buffer[.._length];
        StunMessageIntegrity.SetAdjustedLength(prefix);
        HMACSHA1.HashData(key, prefix, mac);
        return Commit(StunAttributeType.MessageIntegrity, StunMessageIntegrity.MacLength);
    }

    /// <summary>Appends MESSAGE-INTEGRITY with an HMAC-SHA1 the caller keeps per credential.</summary>
    public bool TryAddMessageIntegrity(IncrementalHash hmac)
    {
        if (!TryReserve(StunMessageIntegrity.MacLength, out var mac))
        {
            return false;
        }
        var prefix = _buffer[.._length];
        StunMessageIntegrity.SetAdjustedLength(prefix);
        hmac.AppendData(prefix);
        hmac.TryGetHashAndReset(mac, out _);
        return Commit(StunAttributeType.MessageIntegrity, StunMessageIntegrity.MacLength);
    }

    /// <summary>Appends FINGERPRINT; it must be the last attribute.</summary>
    public bool TryAddFingerprint()
    {
        if (!TryReserve(4, out var value))
        {
            return false;
        }
        // The CRC covers a length field that already counts FINGERPRINT (RFC 8489 §14.7).
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length + StunFingerprint.AttributeLength - StunMessage.HeaderLength));
        BinaryPrimitives.WriteUInt32BigEndian(value, StunFingerprint.Compute(_buffer[.._length]));
        return Commit(StunAttributeType.Fingerprint, 4);
    }

    /// <summary>The message length when every append succeeded.</summary>
    public readonly bool TryComplete(out int length)
    {
        length = _failed ? 0 : _length;
        return !_failed;
    }

    private bool TryAddUInt64(StunAttributeType type, ulong number)
    {
        Span<byte> value = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(value, number);
        return TryAddAttribute(type, value);
    }

    // Finds room for a value of the given length after a 4-byte attribute header; the header is
    // written by Commit once the value is in place.
    private bool TryReserve(int valueLength, out Span<byte> value)
    {
        value = default;
        var padded = (valueLength + 3) & ~3;
        if (_failed || valueLength > ushort.MaxValue || _buffer.Length - _length < 4 + padded
            || _length + 4 + padded - StunMessage.HeaderLength > ushort.MaxValue)
        {
            _failed = true;
            return false;
        }
        value = _buffer.Slice(_length + 4, valueLength);
        return true;
    }

    private bool Commit(StunAttributeType type, int valueLength)
    {
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_length..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_length + 2)..], (ushort)valueLength);
        var padded = (valueLength + 3) & ~3;
        _buffer.Slice(_length + 4 + valueLength, padded - valueLength).Fill(_padding);
        _length += 4 + padded;
        SetLengthField();
        return true;
    }

    private readonly void SetLengthField() =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunMessage.HeaderLength));

    private bool Check(bool condition)
    {
        _failed |= !condition;
        return condition;
    }
}
