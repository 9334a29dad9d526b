using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtp;

/// <summary>In-place edits of a packet's RFC 8285 extension block: rewrite a value, strip all but some ids,
/// add an element. The packet lives in a buffer the caller owns and may grow into; nothing allocates.
/// Called on the Worker thread while forwarding.</summary>
internal static class RtpHeaderExtensions
{
    /// <summary>Overwrites the value of element <paramref name="id"/> when its length matches.</summary>
    public static bool TryRewrite(Span<byte> packet, int id, ReadOnlySpan<byte> value)
    {
        if (!RtpPacket.TryParse(packet, out var parsed) || parsed.ExtensionOffset < 0)
        {
            return false;
        }
        var dataStart = parsed.ExtensionOffset + 4;
        var headerSize = RtpHeaderExtension.HeaderSize(parsed.ExtensionProfile);
        foreach (var element in parsed.GetExtensions())
        {
            if (element.Id == id && element.Value.Length == value.Length)
            {
                value.CopyTo(packet[(dataStart + element.Offset + headerSize)..]);
                return true;
            }
        }
        return false;
    }

    /// <summary>Keeps only the elements whose id is in <paramref name="keepIds"/>, compacting the block and
    /// moving the payload down; removes the block (and the X bit) when none is kept. The bridge keeps the
    /// sender's audio level and stamps its own transport-cc number afterwards. Returns the new length,
    /// or <paramref name="length"/> unchanged when the packet does not parse.</summary>
    public static int Strip(Span<byte> buffer, int length, ReadOnlySpan<byte> keepIds)
    {
        if (!RtpPacket.TryParse(buffer[..length], out var parsed) || parsed.ExtensionOffset < 0)
        {
            return length;
        }
        var profile = parsed.ExtensionProfile;
        var blockStart = parsed.ExtensionOffset;
        var dataStart = blockStart + 4;
        var oldEnd = parsed.HeaderLength;
        var write = dataStart;
        var headerSize = RtpHeaderExtension.HeaderSize(profile);
        // Elements only move towards the start, so the enumerator never reads a byte already overwritten.
        foreach (var element in parsed.GetExtensions())
        {
            if (keepIds.Contains((byte)element.Id))
            {
                var size = headerSize + element.Value.Length;
                buffer.Slice(dataStart + element.Offset, size).CopyTo(buffer[write..]);
                write += size;
            }
        }
        int newEnd;
        if (write == dataStart)
        {
            newEnd = blockStart;
            buffer[0] &= 0xEF;
        }
        else
        {
            newEnd = dataStart + Align4(write - dataStart);
            buffer[write..newEnd].Clear();
            BinaryPrimitives.WriteUInt16BigEndian(buffer[(blockStart + 2)..], (ushort)((newEnd - dataStart) / 4));
        }
        buffer[oldEnd..length].CopyTo(buffer[newEnd..]);
        return length - (oldEnd - newEnd);
    }

    /// <summary>Appends element <paramref name="id"/> to the block, creating a block when there is none
    /// (one-byte form when the element fits it, else two-byte). Fails when the element does not fit the
    /// block's form, the packet does not parse, or the buffer is too small.</summary>
    public static bool TryAdd(Span<byte> buffer, int length, int id, ReadOnlySpan<byte> value, out int newLength)
    {
        newLength = length;
        if (!RtpPacket.TryParse(buffer[..length], out var parsed))
        {
            return false;
        }
        int blockStart;
        int used;
        int oldEnd;
        ushort profile;
        if (parsed.ExtensionOffset >= 0)
        {
            profile = parsed.ExtensionProfile;
            blockStart = parsed.ExtensionOffset;
            oldEnd = parsed.HeaderLength;
            var elements = parsed.GetExtensions();
            while (elements.MoveNext())
            {
            }
            used = elements.End;
        }
        else
        {
            profile = RtpHeaderExtension.Fits(RtpHeaderExtension.OneByteProfile, id, value.Length)
                ? RtpHeaderExtension.OneByteProfile
                : RtpHeaderExtension.TwoByteProfile;
            blockStart = parsed.HeaderLength;
            oldEnd = blockStart;
            used = 0;
        }
        if (!RtpHeaderExtension.Fits(profile, id, value.Length))
        {
            return false;
        }
        var dataStart = blockStart + 4;
        var elementStart = dataStart + used;
        var elementEnd = elementStart + RtpHeaderExtension.HeaderSize(profile) + value.Length;
        var newEnd = dataStart + Align4(elementEnd - dataStart);
        var grow = newEnd - oldEnd;
        if (length + grow > buffer.Length)
        {
            return false;
        }
        buffer[oldEnd..length].CopyTo(buffer[(oldEnd + grow)..]);
        if (parsed.ExtensionOffset < 0)
        {
            buffer[0] |= 0x10;
            BinaryPrimitives.WriteUInt16BigEndian(buffer[blockStart..], profile);
        }
        BinaryPrimitives.WriteUInt16BigEndian(buffer[(blockStart + 2)..], (ushort)((newEnd - dataStart) / 4));
        if (RtpHeaderExtension.IsOneByte(profile))
        {
            buffer[elementStart] = (byte)((id << 4) | (value.Length - 1));
        }
        else
        {
            buffer[elementStart] = (byte)id;
            buffer[elementStart + 1] = (byte)value.Length;
        }
        value.CopyTo(buffer[(elementEnd - value.Length)..]);
        buffer[elementEnd..newEnd].Clear();
        newLength = length + grow;
        return true;
    }

    private static int Align4(int value) => (value + 3) & ~3;
}
