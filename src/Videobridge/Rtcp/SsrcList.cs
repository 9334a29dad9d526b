using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>A view over consecutive 32-bit SSRCs in a BYE or REMB packet, read on demand so parsing never
/// allocates. Lives on the Worker thread's stack.</summary>
internal readonly ref struct SsrcList
{
    public SsrcList(ReadOnlySpan<byte> bytes)
    {
        Bytes = bytes[..(bytes.Length & ~3)];
    }

    public ReadOnlySpan<byte> Bytes { get; }

    public int Count => Bytes.Length / 4;

    public uint this[int index] => BinaryPrimitives.ReadUInt32BigEndian(Bytes[(index * 4)..]);

    public bool Contains(uint ssrc)
    {
        for (var i = 0; i < Count; i++)
        {
            if (this[i] == ssrc)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Writes <paramref name="ssrcs"/> big-endian into <paramref name="scratch"/> and returns a view of them.</summary>
    public static SsrcList Write(ReadOnlySpan<uint> ssrcs, Span<byte> scratch)
    {
        for (var i = 0; i < ssrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(scratch[(i * 4)..], ssrcs[i]);
        }
        return new SsrcList(scratch[..(ssrcs.Length * 4)]);
    }
}
