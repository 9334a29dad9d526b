namespace Jitsi.Net.Videobridge.Rtp;

/// <summary>Walks the elements of an RFC 8285 extension block without allocating. Padding bytes (id 0) are
/// skipped one at a time; an element that runs past the block, or the one-byte id 15, ends the walk (§4.2: "stop parsing").
/// Owned by the Worker thread reading the packet.</summary>
internal ref struct RtpHeaderExtensionEnumerator
{
    /*  RFC 8285 §4.2 one-byte form (profile 0xBEDE), one element:
         0 1 2 3 4 5 6 7
        +-+-+-+-+-+-+-+-+
        |  ID   |  len  |   len = value bytes − 1, then the value
        +-+-+-+-+-+-+-+-+
        RFC 8285 §4.3 two-byte form (profile 0x100 + appbits), one element:
         0                   1
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |       ID      |     length    |   length = value bytes (0 allowed), then the value
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    */
    private readonly ReadOnlySpan<byte> _data;
    private readonly ushort _profile;
    private int _position;
    private int _end;

    public RtpHeaderExtensionEnumerator(ushort profile, ReadOnlySpan<byte> data)
    {
        _profile = profile;
        // An unknown profile carries no elements we can read.
        _data = RtpHeaderExtension.IsOneByte(profile) || RtpHeaderExtension.IsTwoByte(profile) ? data : default;
        Current = default;
    }

    public RtpHeaderExtension Current { get; private set; }

    /// <summary>Offset just past the last element returned: where a new element may be appended.</summary>
    public readonly int End => _end;

    public readonly RtpHeaderExtensionEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        var oneByte = RtpHeaderExtension.IsOneByte(_profile);
        while (_position < _data.Length)
        {
            var start = _position;
            int id;
            int length;
            int valueStart;
            // Id 0 is padding (§4.2, §4.3): one byte, whatever a one-byte form's length bits say.
            if ((oneByte ? _data[start] >> 4 : _data[start]) == 0)
            {
                _position++;
                continue;
            }
            if (oneByte)
            {
                id = _data[start] >> 4;
                length = (_data[start] & 0x0F) + 1;
                valueStart = start + 1;
                if (id == 15)
                {
                    break;
                }
            }
            else
            {
                if (start + 2 > _data.Length)
                {
                    break;
                }
                id = _data[start];
                length = _data[start + 1];
                valueStart = start + 2;
            }
            if (valueStart + length > _data.Length)
            {
                break;
            }
            _position = valueStart + length;
            _end = _position;
            Current = new RtpHeaderExtension(id, _data.Slice(valueStart, length), start);
            return true;
        }
        _position = _data.Length;
        return false;
    }
}
