using System.Buffers.Binary;

namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>Writes transport-cc feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1) for a run of
/// consecutive sequence numbers, choosing per chunk between a run length chunk and a one- or two-bit status
/// vector so the chunk list stays short. <see cref="TryGetEntries"/> turns recorded arrivals into those entries.
/// Stateless; called on the Worker thread with scratch buffers.</summary>
internal static class TransportFeedbackBuilder
{
    private const int MaxRunLength = 0x1FFF;
    private const int OneBitSymbols = 14;
    private const int TwoBitSymbols = 7;

    /// <summary>Turns <paramref name="arrivals"/> (ascending sequence numbers, wrap allowed, no repeats) into one
    /// entry per sequence number from the first to the last, lost ones included, with deltas in 250 µs ticks
    /// measured on a grid anchored at the reference time (the first arrival rounded down to 64 ms), so
    /// rounding never accumulates. Fails when <paramref name="entries"/> is too short or the arrivals are
    /// not ascending.</summary>
    public static bool TryGetEntries(ReadOnlySpan<PacketArrival> arrivals, Span<TransportFeedbackEntry> entries, out int referenceTime, out int count)
    {
        referenceTime = 0;
        count = 0;
        if (arrivals.IsEmpty)
        {
            return false;
        }
        var first = arrivals[0].SequenceNumber;
        count = (ushort)(arrivals[^1].SequenceNumber - first) + 1;
        // The status count is 16 bits; a full cycle means the arrivals went backwards.
        if (count > entries.Length || count > ushort.MaxValue)
        {
            count = 0;
            return false;
        }
        referenceTime = (int)Math.Floor(arrivals[0].ArrivalTimeUs / (double)TransportFeedback.ReferenceTimeMicroseconds);
        var previousTicks = (long)referenceTime * (TransportFeedback.ReferenceTimeMicroseconds / TransportFeedbackEntry.TickMicroseconds);
        var next = 0;
        for (var i = 0; i < count; i++)
        {
            var sequenceNumber = (ushort)(first + i);
            if (next < arrivals.Length && arrivals[next].SequenceNumber == sequenceNumber)
            {
                var ticks = (long)Math.Round(arrivals[next].ArrivalTimeUs / (double)TransportFeedbackEntry.TickMicroseconds);
                entries[i] = new TransportFeedbackEntry(sequenceNumber, true, (int)Math.Clamp(ticks - previousTicks, int.MinValue, int.MaxValue));
                previousTicks = ticks;
                next++;
            }
            else
            {
                entries[i] = new TransportFeedbackEntry(sequenceNumber, false, 0);
            }
        }
        if (next != arrivals.Length)
        {
            count = 0;
            return false;
        }
        return true;
    }

    /// <summary>Bytes the feedback for <paramref name="entries"/> takes, or −1 when it cannot be written
    /// (empty, not consecutive, more than 65535, or a delta that fits no symbol).</summary>
    public static int GetLength(ReadOnlySpan<TransportFeedbackEntry> entries)
    {
        if (!IsWritable(entries))
        {
            return -1;
        }
        var deltaBytes = 0;
        foreach (var entry in entries)
        {
            deltaBytes += entry.Symbol;
        }
        var fci = TransportFeedback.FixedFciLength + WriteChunks(entries, default) + deltaBytes;
        return RtcpFeedback.HeaderLength + ((fci + 3) & ~3);
    }

    /// <summary>Writes the feedback; <paramref name="entries"/> start at the base sequence number and run on
    /// by one each. <paramref name="referenceTime"/> is in 64 ms units (24 bits kept).</summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, int referenceTime, byte feedbackCount,
        ReadOnlySpan<TransportFeedbackEntry> entries, out int written)
    {
        written = GetLength(entries);
        if (written < 0
            || !RtcpFeedback.TryWriteHeader(destination, RtcpPacketType.TransportFeedback, RtcpPacketType.FmtTransportWideCc, senderSsrc, mediaSsrc, written - RtcpFeedback.HeaderLength))
        {
            written = 0;
            return false;
        }
        var fci = destination[RtcpFeedback.HeaderLength..written];
        BinaryPrimitives.WriteUInt16BigEndian(fci, entries[0].SequenceNumber);
        BinaryPrimitives.WriteUInt16BigEndian(fci[2..], (ushort)entries.Length);
        BinaryPrimitives.WriteUInt32BigEndian(fci[4..], ((uint)referenceTime << 8) | feedbackCount);
        var offset = TransportFeedback.FixedFciLength + WriteChunks(entries, fci[TransportFeedback.FixedFciLength..]);
        foreach (var entry in entries)
        {
            if (entry.Symbol == 1)
            {
                fci[offset] = (byte)entry.DeltaTicks;
            }
            else if (entry.Symbol == 2)
            {
                BinaryPrimitives.WriteInt16BigEndian(fci[offset..], (short)entry.DeltaTicks);
            }
            offset += entry.Symbol;
        }
        fci[offset..].Clear();
        return true;
    }

    private static bool IsWritable(ReadOnlySpan<TransportFeedbackEntry> entries)
    {
        if (entries.IsEmpty || entries.Length > ushort.MaxValue)
        {
            return false;
        }
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i].Symbol < 0 || entries[i].SequenceNumber != (ushort)(entries[0].SequenceNumber + i))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Returns the chunk bytes; writes them when <paramref name="destination"/> is not empty.
    /// A run of 14 or more equal symbols, or one reaching the end, is a run length chunk; otherwise a one-bit
    /// vector when the next 14 symbols need no large delta, a run length chunk for a run of 7 or more, and
    /// else a two-bit vector of 7.</summary>
    private static int WriteChunks(ReadOnlySpan<TransportFeedbackEntry> entries, Span<byte> destination)
    {
        var length = 0;
        var i = 0;
        while (i < entries.Length)
        {
            var symbol = entries[i].Symbol;
            var run = 1;
            while (i + run < entries.Length && run < MaxRunLength && entries[i + run].Symbol == symbol)
            {
                run++;
            }
            var window = entries.Slice(i, Math.Min(OneBitSymbols, entries.Length - i));
            int chunk;
            int taken;
            if (run >= OneBitSymbols || i + run == entries.Length || (run >= TwoBitSymbols && HasLargeDelta(window)))
            {
                chunk = (symbol << 13) | run;
                taken = run;
            }
            else if (!HasLargeDelta(window))
            {
                chunk = 0x8000;
                for (var k = 0; k < window.Length; k++)
                {
                    chunk |= window[k].Symbol << (13 - k);
                }
                taken = window.Length;
            }
            else
            {
                chunk = 0xC000;
                taken = Math.Min(TwoBitSymbols, window.Length);
                for (var k = 0; k < taken; k++)
                {
                    chunk |= window[k].Symbol << (12 - (2 * k));
                }
            }
            if (!destination.IsEmpty)
            {
                BinaryPrimitives.WriteUInt16BigEndian(destination[length..], (ushort)chunk);
            }
            length += 2;
            i += taken;
        }
        return length;
    }

    private static bool HasLargeDelta(ReadOnlySpan<TransportFeedbackEntry> window)
    {
        foreach (var entry in window)
        {
            if (entry.Symbol == 2)
            {
                return true;
            }
        }
        return false;
    }
}
