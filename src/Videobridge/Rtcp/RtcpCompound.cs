namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>Walks the packets of a compound RTCP datagram (RFC 3550 §6.1) without allocating, yielding each
/// packet's type, count/FMT and bytes; the caller passes over types it does not handle. A length word that
/// runs past the datagram, a bad version, a bad padding count, or padding on any packet but the last
/// (§6.4.1: only the last packet of a compound may be padded) stops the walk and sets
/// <see cref="IsMalformed"/>. Lives on the Worker thread's stack.</summary>
internal ref struct RtcpCompound
{
    private readonly ReadOnlySpan<byte> _buffer;
    private int _offset;

    public RtcpCompound(ReadOnlySpan<byte> buffer)
    {
        _buffer = buffer;
        _offset = 0;
        IsMalformed = buffer.IsEmpty;
    }

    public bool IsMalformed { get; private set; }

    /// <summary>Reads the next packet; false at the end or on malformed input.</summary>
    public bool TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        header = default;
        if (IsMalformed || _offset >= _buffer.Length)
        {
            return false;
        }
        if (!RtcpHeader.TryParse(_buffer[_offset..], out header) || (header.HasPadding && _offset + header.Length != _buffer.Length))
        {
            IsMalformed = true;
            return false;
        }
        packet = _buffer.Slice(_offset, header.Length);
        _offset += header.Length;
        return true;
    }

    /// <summary>Whether every packet of <paramref name="buffer"/> is well framed, and how many there are.</summary>
    public static bool IsValid(ReadOnlySpan<byte> buffer, out int packetCount)
    {
        packetCount = 0;
        var compound = new RtcpCompound(buffer);
        while (compound.TryReadNext(out _, out _))
        {
            packetCount++;
        }
        return !compound.IsMalformed;
    }
}
