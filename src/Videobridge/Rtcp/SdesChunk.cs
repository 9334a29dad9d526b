using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>One SDES chunk (RFC 3550 §6.5): an SSRC or CSRC, its items, and a null terminator padded to the
/// next 32-bit boundary. A validated view; Worker thread.</summary>
internal readonly ref struct SdesChunk(uint ssrc, ReadOnlySpan<byte> items, int length)
{
    public uint Ssrc { get; } = ssrc;

    /// <summary>The items, without the terminating null octet(s).</summary>
    public ReadOnlySpan<byte> Items { get; } = items;

    /// <summary>Bytes the chunk takes, terminator and padding included (a multiple of 4).</summary>
    public int Length { get; } = length;

    /// <summary>Reads the chunk at the start of <paramref name="buffer"/>, which must begin on a 32-bit boundary.</summary>
    public static bool TryParse(ReadOnlySpan<byte> buffer, out SdesChunk chunk)
    {
        chunk = default;
        if (buffer.Length < 4)
        {
            return false;
        }
        var position = 4;
        while (position < buffer.Length)
        {
            if (buffer[position] == SdesItem.End)
            {
                // §6.5: the list ends with one or more null octets up to the next 32-bit boundary.
                var end = (position + 4) & ~3;
                if (end > buffer.Length)
                {
                    return false;
                }
                chunk = new SdesChunk(BinaryPrimitives.ReadUInt32BigEndian(buffer), buffer[4..position], end);
                return true;
            }
            if (position + 2 > buffer.Length || position + 2 + buffer[position + 1] > buffer.Length)
            {
                return false;
            }
            position += 2 + buffer[position + 1];
        }
        return false;
    }

    public bool TryGetItem(byte type, out ReadOnlySpan<byte> value)
    {
        foreach (var item in this)
        {
            if (item.Type == type)
            {
                value = item.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    public Enumerator GetEnumerator() => new(Items);

    /// <summary>Walks the items of a chunk already validated by <see cref="TryParse"/>.</summary>
    public ref struct Enumerator(ReadOnlySpan<byte> items)
    {
        private readonly ReadOnlySpan<byte> _items = items;
        private int _position;

        public SdesItem Current { get; private set; }

        public bool MoveNext()
        {
            if (_position + 2 > _items.Length)
            {
                return false;
            }
            var length = _items[_position + 1];
            Current = new SdesItem(_items[_position], _items.Slice(_position + 2, length));
            _position += 2 + length;
            return true;
        }
    }
}
