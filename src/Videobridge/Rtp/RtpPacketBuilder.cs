using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtp;

/// <summary>Builds an RTP packet into a caller's buffer: fixed header and CSRCs, then extension elements,
/// payload and padding in any order (extensions are inserted before the payload). Used on the Worker thread
/// for packets the bridge originates (probing padding, RTX); never allocates.</summary>
internal ref struct RtpPacketBuilder
{
    private readonly Span<byte> _buffer;

    public RtpPacketBuilder(Span<byte> buffer)
    {
        _buffer = buffer;
        Length = 0;
    }

    public int Length { get; private set; }

    public readonly ReadOnlySpan<byte> Written => _buffer[..Length];

    /// <summary>Starts the packet (RFC 3550 §5.1); any earlier content is discarded.</summary>
    public bool TryWriteHeader(byte payloadType, bool marker, ushort sequenceNumber, uint timestamp, uint ssrc, scoped ReadOnlySpan<uint> csrcs = default)
    {
        var length = RtpPacket.FixedHeaderLength + (4 * csrcs.Length);
        if (csrcs.Length > 15 || payloadType > 127 || _buffer.Length < length)
        {
            return false;
        }
        _buffer[0] = (byte)(0x80 | csrcs.Length);
        _buffer[1] = (byte)((marker ? 0x80 : 0) | payloadType);
        RtpPacket.WriteSequenceNumber(_buffer, sequenceNumber);
        RtpPacket.WriteTimestamp(_buffer, timestamp);
        RtpPacket.WriteSsrc(_buffer, ssrc);
        for (var i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(_buffer[(RtpPacket.FixedHeaderLength + (4 * i))..], csrcs[i]);
        }
        Length = length;
        return true;
    }

    /// <summary>Starts an empty extension block in the given form (RFC 8285 §4.2 or §4.3), so that later
    /// elements use it; without this the first element picks the form.</summary>
    public bool TryBeginExtensions(ushort profile)
    {
        if (Length < RtpPacket.FixedHeaderLength || (_buffer[0] & 0x30) != 0 || Length != RtpPacket.FixedHeaderLength + (4 * (_buffer[0] & 0x0F))
            || _buffer.Length < Length + 4)
        {
            return false;
        }
        _buffer[0] |= 0x10;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[Length..], profile);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(Length + 2)..], 0);
        Length += 4;
        return true;
    }

    /// <summary>Adds an RFC 8285 element; the first one picks the form (one-byte when it fits).</summary>
    public bool TryAddExtension(int id, scoped ReadOnlySpan<byte> value)
    {
        if (Length == 0 || !RtpHeaderExtensions.TryAdd(_buffer, Length, id, value, out var length))
        {
            return false;
        }
        Length = length;
        return true;
    }

    public bool TryAppendPayload(scoped ReadOnlySpan<byte> payload)
    {
        if (Length == 0 || (_buffer[0] & 0x20) != 0 || !payload.TryCopyTo(_buffer[Length..]))
        {
            return false;
        }
        Length += payload.Length;
        return true;
    }

    /// <summary>Ends the packet with <paramref name="count"/> padding bytes, the last one holding the count
    /// (RFC 3550 §5.1); nothing may be appended afterwards.</summary>
    public bool TryAddPadding(byte count)
    {
        if (Length == 0 || count == 0 || (_buffer[0] & 0x20) != 0 || _buffer.Length < Length + count)
        {
            return false;
        }
        _buffer.Slice(Length, count - 1).Clear();
        _buffer[Length + count - 1] = count;
        _buffer[0] |= 0x20;
        Length += count;
        return true;
    }
}
