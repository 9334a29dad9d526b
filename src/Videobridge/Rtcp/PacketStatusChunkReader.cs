using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>Reads the status symbols of a transport-cc feedback one at a time out of its packet chunks
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1.2–3.1.4), stopping after the packet status count.
/// Symbols a chunk holds beyond that count are ignored; the reserved symbol 3 or chunks running out mark
/// the feedback malformed. Lives on the Worker thread's stack.</summary>
internal ref struct PacketStatusChunkReader
{
    /*  Run length chunk (§3.1.3):              Status vector chunk (§3.1.4):
         0                   1                   0                   1
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |T| S |       Run Length        |       |T|S|       symbol list         |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        T=0, S = the symbol repeated.           T=1; S=0: 14 one-bit symbols, S=1: 7 two-bit symbols.
    */
    private readonly ReadOnlySpan<byte> _chunks;
    private int _remaining;
    private int _chunk;
    private int _leftInChunk;
    private int _index;

    public PacketStatusChunkReader(ReadOnlySpan<byte> chunks, int statusCount)
    {
        _chunks = chunks;
        _remaining = statusCount;
    }

    public int Current { get; private set; }

    public bool IsMalformed { get; private set; }

    /// <summary>Chunk bytes consumed so far: after the last symbol, where the receive deltas start.</summary>
    public int BytesRead { get; private set; }

    public bool MoveNext()
    {
        if (_remaining == 0 || IsMalformed)
        {
            return false;
        }
        // A zero-length run adds no symbols; the loop is bounded by the chunk bytes.
        while (_leftInChunk == 0)
        {
            if (BytesRead + 2 > _chunks.Length)
            {
                IsMalformed = true;
                return false;
            }
            _chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks[BytesRead..]);
            BytesRead += 2;
            _index = 0;
            _leftInChunk = (_chunk & 0x8000) == 0 ? _chunk & 0x1FFF : (_chunk & 0x4000) == 0 ? 14 : 7;
        }
        var symbol = (_chunk & 0x8000) == 0 ? (_chunk >> 13) & 0x03
            : (_chunk & 0x4000) == 0 ? (_chunk >> (13 - _index)) & 0x01
            : (_chunk >> (12 - (2 * _index))) & 0x03;
        if (symbol == 3)
        {
            IsMalformed = true;
            return false;
        }
        _index++;
        _leftInChunk--;
        _remaining--;
        Current = symbol;
        return true;
    }
}
