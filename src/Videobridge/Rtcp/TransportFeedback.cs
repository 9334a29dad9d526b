using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>Transport-wide congestion control feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
/// for a range of transport-wide sequence numbers, which arrived and when. A validated view parsed on the
/// Worker thread; <see cref="TryGetEntries"/> expands it into a caller's span. Built by
/// <see cref="TransportFeedbackBuilder"/>.</summary>
internal readonly ref struct TransportFeedback(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci, int chunksLength)
{
    /*  draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1:
         0                   1                   2                   3
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |V=2|P|  FMT=15 |    PT=205     |           length              |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                     SSRC of packet sender                     |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                      SSRC of media source                     |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |      base sequence number     |      packet status count      |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                 reference time                | fb pkt. count |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |          packet chunk         |         packet chunk          |
        .                                                               .
        |         packet chunk          |  recv delta   |  recv delta   |
        .                                                               .
        |           recv delta          |  recv delta   | zero padding  |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        reference time: signed 24 bits, × 64 ms. recv delta: × 250 µs, one byte (symbol 1) or
        two bytes signed (symbol 2).
    */
    public const int FixedFciLength = 8;
    public const int ReferenceTimeMicroseconds = 64_000;

    private readonly int _chunksLength = chunksLength;

    public uint SenderSsrc { get; } = senderSsrc;
    public uint MediaSsrc { get; } = mediaSsrc;

    /// <summary>Everything after the media SSRC, zero padding included.</summary>
    public ReadOnlySpan<byte> Fci { get; } = fci;

    public ushort BaseSequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(Fci);
    public int StatusCount => BinaryPrimitives.ReadUInt16BigEndian(Fci[2..]);
    public int ReferenceTime => ((Fci[4] << 24) | (Fci[5] << 16) | (Fci[6] << 8)) >> 8;
    public byte FeedbackCount => Fci[7];
    public long ReferenceTimeUs => (long)ReferenceTime * ReferenceTimeMicroseconds;

    public static bool TryParse(ReadOnlySpan<byte> packet, out TransportFeedback feedback)
    {
        feedback = default;
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.TransportFeedback, RtcpPacketType.FmtTransportWideCc, out var sender, out var media, out var fci)
            || fci.Length < FixedFciLength)
        {
            return false;
        }
        var symbols = new PacketStatusChunkReader(fci[FixedFciLength..], BinaryPrimitives.ReadUInt16BigEndian(fci[2..]));
        var deltaBytes = 0;
        while (symbols.MoveNext())
        {
            deltaBytes += symbols.Current;
        }
        if (symbols.IsMalformed || FixedFciLength + symbols.BytesRead + deltaBytes > fci.Length)
        {
            return false;
        }
        feedback = new TransportFeedback(sender, media, fci, symbols.BytesRead);
        return true;
    }

    /// <summary>Expands the feedback into one entry per sequence number from the base. Fails when
    /// <paramref name="destination"/> is shorter than <see cref="StatusCount"/>.</summary>
    public bool TryGetEntries(Span<TransportFeedbackEntry> destination, out int count)
    {
        count = 0;
        if (destination.Length < StatusCount)
        {
            return false;
        }
        var symbols = new PacketStatusChunkReader(Fci[FixedFciLength..], StatusCount);
        var deltas = Fci[(FixedFciLength + _chunksLength)..];
        var sequenceNumber = BaseSequenceNumber;
        while (symbols.MoveNext())
        {
            var delta = 0;
            if (symbols.Current == 1)
            {
                delta = deltas[0];
            }
            else if (symbols.Current == 2)
            {
                delta = BinaryPrimitives.ReadInt16BigEndian(deltas);
            }
            deltas = deltas[symbols.Current..];
            destination[count++] = new TransportFeedbackEntry(sequenceNumber++, symbols.Current != 0, delta);
        }
        return true;
    }

    public int GetLength() => RtcpFeedback.HeaderLength + ((Fci.Length + 3) & ~3);

    public bool TryWrite(Span<byte> destination, out int written) =>
        RtcpFeedback.TryWrite(destination, RtcpPacketType.TransportFeedback, RtcpPacketType.FmtTransportWideCc, SenderSsrc, MediaSsrc, Fci, out written);
}
