using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>RTCP source description (RFC 3550 §6.5): SC chunks, each an SSRC with items such as CNAME.
/// A validated view parsed and written on the Worker thread.</summary>
internal readonly ref struct SourceDescription(int chunkCount, ReadOnlySpan<byte> chunks)
{
    /*  RFC 3550 §6.5:
                0                   1                   2                   3
                0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        header |V=2|P|    SC   |  PT=SDES=202  |             length            |
               +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
        chunk  |                          SSRC/CSRC_1                          |
          1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
               |                           SDES items                          |
               |                              ...                              |
               +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
        chunk  |                          SSRC/CSRC_2                          |
          2    …
    */
    public int ChunkCount { get; } = chunkCount;

    /// <summary>All chunks, each padded to 32 bits.</summary>
    public ReadOnlySpan<byte> Chunks { get; } = chunks;

    public static bool TryParse(ReadOnlySpan<byte> packet, out SourceDescription description)
    {
        description = default;
        if (!RtcpHeader.TryParseBody(packet, RtcpPacketType.SourceDescription, out var header, out var body))
        {
            return false;
        }
        var offset = 0;
        for (var i = 0; i < header.Count; i++)
        {
            if (!SdesChunk.TryParse(body[offset..], out var chunk))
            {
                return false;
            }
            offset += chunk.Length;
        }
        description = new SourceDescription(header.Count, body[..offset]);
        return true;
    }

    public int GetLength() => RtcpHeader.Size + Chunks.Length;

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = GetLength();
        if (destination.Length < written || !RtcpHeader.TryWrite(destination, ChunkCount, RtcpPacketType.SourceDescription, written))
        {
            written = 0;
            return false;
        }
        Chunks.CopyTo(destination[RtcpHeader.Size..]);
        return true;
    }

    /// <summary>Writes an SDES with one chunk holding only a CNAME, as each RTCP compound must carry (§6.1).</summary>
    public static bool TryWriteCname(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname, out int written)
    {
        // SSRC, type, length, text, then at least one null octet, rounded up to 32 bits.
        written = RtcpHeader.Size + ((4 + 2 + cname.Length + 1 + 3) & ~3);
        if (cname.Length > 255 || destination.Length < written || !RtcpHeader.TryWrite(destination, 1, RtcpPacketType.SourceDescription, written))
        {
            written = 0;
            return false;
        }
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], ssrc);
        destination[8] = SdesItem.Cname;
        destination[9] = (byte)cname.Length;
        cname.CopyTo(destination[10..]);
        destination[(10 + cname.Length)..written].Clear();
        return true;
    }

    public Enumerator GetEnumerator() => new(Chunks);

    /// <summary>Walks chunks already validated by <see cref="TryParse"/>.</summary>
    public ref struct Enumerator(ReadOnlySpan<byte> chunks)
    {
        private readonly ReadOnlySpan<byte> _chunks = chunks;
        private int _offset;

        public SdesChunk Current { get; private set; }

        public bool MoveNext()
        {
            if (_offset >= _chunks.Length || !SdesChunk.TryParse(_chunks[_offset..], out var chunk))
            {
                return false;
            }
            Current = chunk;
            _offset += chunk.Length;
            return true;
        }
    }
}
