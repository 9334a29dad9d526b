using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>Generic NACK (RFC 4585 §6.2.1): the media sender should retransmit the listed packets. Each FCI is
/// a packet id plus a bitmask of the 16 that follow. A view parsed and written on the Worker thread; the lost
/// sequence numbers come out of an enumerator, never a list.</summary>
internal readonly ref struct GenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
{
    /*  RFC 4585 §6.2.1, after the common feedback header (§6.1), one or more FCI entries:
         0                   1                   2                   3
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |            PID                |             BLP               |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        BLP bit i (least significant first) set: PID + i + 1 is lost too.
    */
    public uint SenderSsrc { get; } = senderSsrc;
    public uint MediaSsrc { get; } = mediaSsrc;

    /// <summary>The PID/BLP words, 4 bytes each.</summary>
    public ReadOnlySpan<byte> Fci { get; } = fci;

    public static bool TryParse(ReadOnlySpan<byte> packet, out GenericNack nack)
    {
        nack = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.TransportFeedback, RtcpPacketType.FmtGenericNack, out var sender, out var media, out var fci)
            || fci.IsEmpty || fci.Length % 4 != 0)
        {
            return false;
        }
        nack = new GenericNack(sender, media, fci);
        return true;
    }

    public LostSequenceNumbers GetEnumerator() => new(Fci);

    public int GetLength() => RtcpFeedback.HeaderLength + Fci.Length;

    public bool TryWrite(Span<byte> destination, out int written) =>
        RtcpFeedback.TryWrite(destination, RtcpPacketType.TransportFeedback, RtcpPacketType.FmtGenericNack, SenderSsrc, MediaSsrc, Fci, out written);

    /// <summary>Bytes a NACK for <paramref name="lost"/> (in sending order) takes.</summary>
    public static int GetLength(ReadOnlySpan<ushort> lost) => RtcpFeedback.HeaderLength + Pack(lost, default);

    /// <summary>Packs <paramref name="lost"/> (in sending order, wrap allowed) into as few PID/BLP words as it can.</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost, out int written)
    {
        var fciLength = Pack(lost, default);
        written = RtcpFeedback.HeaderLength + fciLength;
        if (lost.IsEmpty || !RtcpFeedback.TryWriteHeader(destination, RtcpPacketType.TransportFeedback, RtcpPacketType.FmtGenericNack, senderSsrc, mediaSsrc, fciLength))
        {
            written = 0;
            return false;
        }
        Pack(lost, destination[RtcpFeedback.HeaderLength..]);
        return true;
    }

    /// <summary>Returns the FCI bytes for <paramref name="lost"/>; writes them too when <paramref name="fci"/> is not empty.</summary>
    private static int Pack(ReadOnlySpan<ushort> lost, Span<byte> fci)
    {
        var length = 0;
        var i = 0;
        while (i < lost.Length)
        {
            var pid = lost[i++];
            ushort blp = 0;
            while (i < lost.Length)
            {
                var step = (ushort)(lost[i] - pid);
                if (step is < 1 or > 16)
                {
                    break;
                }
                blp |= (ushort)(1 << (step - 1));
                i++;
            }
            if (!fci.IsEmpty)
            {
                BinaryPrimitives.WriteUInt16BigEndian(fci[length..], pid);
                BinaryPrimitives.WriteUInt16BigEndian(fci[(length + 2)..], blp);
            }
            length += 4;
        }
        return length;
    }

    /// <summary>Expands PID/BLP words into sequence numbers, in FCI order.</summary>
    public ref struct LostSequenceNumbers(ReadOnlySpan<byte> fci)
    {
        private readonly ReadOnlySpan<byte> _fci = fci;
        private int _offset = -4;
        private int _bit = 16;

        public ushort Current { get; private set; }

        public bool MoveNext()
        {
            while (true)
            {
                if (_bit == 16)
                {
                    _offset += 4;
                    if (_offset + 4 > _fci.Length)
                    {
                        return false;
                    }
                    _bit = -1;
                    Current = BinaryPrimitives.ReadUInt16BigEndian(_fci[_offset..]);
                    return true;
                }
                var blp = BinaryPrimitives.ReadUInt16BigEndian(_fci[(_offset + 2)..]);
                _bit++;
                if (_bit < 16 && (blp & (1 << _bit)) != 0)
                {
                    Current = (ushort)(BinaryPrimitives.ReadUInt16BigEndian(_fci[_offset..]) + _bit + 1);
                    return true;
                }
            }
        }
    }
}
