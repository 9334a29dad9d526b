using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>Walks the attributes of a STUN message body (RFC 8489 §14). Used on the thread that owns
/// the datagram (the Worker thread).</summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Type                  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Value (variable)                ....
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Length excludes the padding that aligns the next attribute on 4 bytes.
/// </remarks>
internal ref struct StunAttributeReader
{
    private readonly ReadOnlySpan<byte> _message;
    private int _offset;

    /// <param name="message">The whole message, header included; its length is already checked.</param>
    public StunAttributeReader(ReadOnlySpan<byte> message)
    {
        _message = message;
        _offset = StunMessage.HeaderLength;
    }

    /// <summary>True when an attribute ran past the end of the message.</summary>
    public bool Malformed { get; private set; }

    /// <summary>Reads the next attribute; false at the end or when the rest is malformed.</summary>
    /// <param name="offset">Where the attribute header starts in the message.</param>
    public bool TryNext(out ushort type, out ReadOnlySpan<byte> value, out int offset)
    {
        type = 0;
        value = default;
        offset = _offset;
        var remaining = _message.Length - _offset;
        if (remaining == 0)
        {
            return false;
        }
        if (remaining < 4)
        {
            Malformed = true;
            return false;
        }
        type = BinaryPrimitives.ReadUInt16BigEndian(_message[_offset..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(_message[(_offset + 2)..]);
        var padded = (length + 3) & ~3;
        if (padded > remaining - 4)
        {
            Malformed = true;
            return false;
        }
        value = _message.Slice(_offset + 4, length);
        _offset += 4 + padded;
        return true;
    }
}
