using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtp;

/// <summary>A validated view over one RTP packet (RFC 3550 §5.1). Reading is allocation-free; the static
/// <c>Write*</c> methods rewrite fixed-header fields in place in a buffer the caller owns (the forwarder's
/// scratch copy). Owned by the Worker thread that received the datagram; never stored past the call.</summary>
internal readonly ref struct RtpPacket
{
    /*  RFC 3550 §5.1:
         0                   1                   2                   3
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |V=2|P|X|  CC   |M|     PT      |       sequence number         |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                           timestamp                           |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |           synchronization source (SSRC) identifier            |
        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
        |            contributing source (CSRC) identifiers             |
        |                             ....                              |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |  defined by profile (0xBEDE…) |           length              |  (§5.3.1, if X)
        |                        header extension                       |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                  payload … | padding … | padding count        |
    */
    public const int FixedHeaderLength = 12;

    private RtpPacket(ReadOnlySpan<byte> buffer, int extensionOffset, int headerLength, int paddingLength)
    {
        Buffer = buffer;
        ExtensionOffset = extensionOffset;
        HeaderLength = headerLength;
        PaddingLength = paddingLength;
    }

    /// <summary>The whole packet, header to last padding byte.</summary>
    public ReadOnlySpan<byte> Buffer { get; }

    /// <summary>Offset of the extension profile word, or -1 when X is clear.</summary>
    public int ExtensionOffset { get; }

    /// <summary>Fixed header, CSRC list and extension block: the offset of the payload.</summary>
    public int HeaderLength { get; }

    /// <summary>Padding bytes at the end, count byte included (RFC 3550 §5.1, P bit).</summary>
    public int PaddingLength { get; }

    public int Length => Buffer.Length;
    public int Version => Buffer[0] >> 6;
    public bool HasPadding => (Buffer[0] & 0x20) != 0;
    public bool HasExtension => (Buffer[0] & 0x10) != 0;
    public int CsrcCount => Buffer[0] & 0x0F;
    public bool Marker => (Buffer[1] & 0x80) != 0;
    public byte PayloadType => (byte)(Buffer[1] & 0x7F);
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(Buffer[2..]);
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(Buffer[4..]);
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(Buffer[8..]);

    public uint GetCsrc(int index) => BinaryPrimitives.ReadUInt32BigEndian(Buffer[(FixedHeaderLength + (4 * index))..]);

    /// <summary>The 16-bit "defined by profile" word: 0xBEDE (one-byte) or 0x100x (two-byte), RFC 8285 §4.</summary>
    public ushort ExtensionProfile => ExtensionOffset < 0 ? (ushort)0 : BinaryPrimitives.ReadUInt16BigEndian(Buffer[ExtensionOffset..]);

    /// <summary>The extension elements after the profile and length words (empty when X is clear).</summary>
    public ReadOnlySpan<byte> ExtensionData => ExtensionOffset < 0 ? default : Buffer[(ExtensionOffset + 4)..HeaderLength];

    /// <summary>The payload with padding removed.</summary>
    public ReadOnlySpan<byte> Payload => Buffer[HeaderLength..(Buffer.Length - PaddingLength)];

    public RtpHeaderExtensionEnumerator GetExtensions() => new(ExtensionProfile, ExtensionData);

    /// <summary>Finds the first element with <paramref name="id"/>; ids are negotiated per session (SDP extmap).</summary>
    public bool TryGetExtension(int id, out ReadOnlySpan<byte> value)
    {
        foreach (var element in GetExtensions())
        {
            if (element.Id == id)
            {
                value = element.Value;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static bool TryParse(ReadOnlySpan<byte> buffer, out RtpPacket packet)
    {
        packet = default;
        if (buffer.Length < FixedHeaderLength || buffer[0] >> 6 != 2)
        {
            return false;
        }
        var offset = FixedHeaderLength + (4 * (buffer[0] & 0x0F));
        var extensionOffset = -1;
        if ((buffer[0] & 0x10) != 0)
        {
            if (buffer.Length < offset + 4)
            {
                return false;
            }
            extensionOffset = offset;
            offset += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(buffer[(offset + 2)..]));
        }
        if (buffer.Length < offset)
        {
            return false;
        }
        var padding = 0;
        if ((buffer[0] & 0x20) != 0)
        {
            // §5.1: the last octet counts the padding, itself included; zero or more than the
            // space after the header is malformed.
            if (buffer.Length == offset)
            {
                return false;
            }
            padding = buffer[^1];
            if (padding == 0 || padding > buffer.Length - offset)
            {
                return false;
            }
        }
        packet = new RtpPacket(buffer, extensionOffset, offset, padding);
        return true;
    }

    public static void WriteMarker(Span<byte> packet, bool marker) =>
        packet[1] = (byte)((packet[1] & 0x7F) | (marker ? 0x80 : 0));

    public static void WritePayloadType(Span<byte> packet, byte payloadType) =>
        packet[1] = (byte)((packet[1] & 0x80) | (payloadType & 0x7F));

    public static void WriteSequenceNumber(Span<byte> packet, ushort sequenceNumber) =>
        BinaryPrimitives.WriteUInt16BigEndian(packet[2..], sequenceNumber);

    public static void WriteTimestamp(Span<byte> packet, uint timestamp) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[4..], timestamp);

    public static void WriteSsrc(Span<byte> packet, uint ssrc) =>
        BinaryPrimitives.WriteUInt32BigEndian(packet[8..], ssrc);
}
