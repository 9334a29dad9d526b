using Jitsi.Net.Videobridge.Rtcp;

namespace Jitsi.Net.Fuzz;

/// <summary>Fuzz targets for the RTCP compound reader and every packet type: parse → write → parse keeps the fields.</summary>
internal static class RtcpTargets
{
    [FuzzTarget("rtcp")]
    private static void Rtcp(byte[] data)
    {
        var compound = new RtcpCompound(data);
        var scratch = new byte[data.Length + 8];
        while (compound.TryReadNext(out var header, out var packet))
        {
            Invariant.Check(header.Length == packet.Length && header.Length % 4 == 0, "packet framing");
            switch (header.PacketType)
            {
                case RtcpPacketType.SenderReport: SenderReportRoundTrip(packet, scratch); break;
                case RtcpPacketType.ReceiverReport: ReceiverReportRoundTrip(packet, scratch); break;
                case RtcpPacketType.SourceDescription: SourceDescriptionRoundTrip(packet, scratch); break;
                case RtcpPacketType.Bye: ByeRoundTrip(packet, scratch); break;
                case RtcpPacketType.TransportFeedback: TransportLayerRoundTrip(packet, scratch); break;
                case RtcpPacketType.PayloadFeedback: PayloadSpecificRoundTrip(packet, scratch); break;
            }
        }
    }

    /// <summary>Transport-cc alone: entries survive both the byte copy and a rebuild by the builder.</summary>
    [FuzzTarget("transport-cc")]
    private static void TransportCc(byte[] data)
    {
        if (!TransportFeedback.TryParse(data, out var feedback))
        {
            return;
        }
        var entries = new TransportFeedbackEntry[feedback.StatusCount];
        Invariant.Check(feedback.TryGetEntries(entries, out var count) && count == entries.Length, "entries expand");
        var copy = new byte[feedback.GetLength()];
        if (!(feedback.TryWrite(copy, out var copied) && TransportFeedback.TryParse(copy.AsSpan(0, copied), out var again)))
        {
            throw Invariant.Broken("copy parses");
        }
        Invariant.Check(SameEntries(again, entries), "copy keeps the entries");
        if (entries.Length == 0)
        {
            return;
        }
        var rebuilt = new byte[TransportFeedbackBuilder.GetLength(entries)];
        Invariant.Check(TransportFeedbackBuilder.TryWrite(rebuilt, feedback.SenderSsrc, feedback.MediaSsrc, feedback.ReferenceTime, feedback.FeedbackCount, entries, out var length), "builder writes parsed entries");
        Invariant.Check(TransportFeedback.TryParse(rebuilt.AsSpan(0, length), out var built), "built feedback parses");
        Invariant.Check(built.ReferenceTime == feedback.ReferenceTime && built.FeedbackCount == feedback.FeedbackCount && built.BaseSequenceNumber == feedback.BaseSequenceNumber, "built header fields");
        Invariant.Check(SameEntries(built, entries), "builder keeps the entries");
    }

    private static bool SameEntries(TransportFeedback feedback, TransportFeedbackEntry[] expected)
    {
        var entries = new TransportFeedbackEntry[feedback.StatusCount];
        return feedback.TryGetEntries(entries, out var count) && count == expected.Length && entries.AsSpan().SequenceEqual(expected);
    }

    private static void SenderReportRoundTrip(ReadOnlySpan<byte> packet, byte[] scratch)
    {
        if (SenderReport.TryParse(packet, out var sr))
        {
            if (!(sr.TryWrite(scratch, out var n) && SenderReport.TryParse(scratch.AsSpan(0, n), out var again)))
            {
                throw Invariant.Broken("SR rewrites");
            }
            Invariant.Check(sr.Ssrc == again.Ssrc && sr.NtpTimestamp == again.NtpTimestamp && sr.RtpTimestamp == again.RtpTimestamp
                && sr.PacketCount == again.PacketCount && sr.OctetCount == again.OctetCount && sr.ReportBlocks.Bytes.SequenceEqual(again.ReportBlocks.Bytes), "SR fields");
        }
    }

    private static void ReceiverReportRoundTrip(ReadOnlySpan<byte> packet, byte[] scratch)
    {
        if (ReceiverReport.TryParse(packet, out var rr))
        {
            if (!(rr.TryWrite(scratch, out var n) && ReceiverReport.TryParse(scratch.AsSpan(0, n), out var again)))
            {
                throw Invariant.Broken("RR rewrites");
            }
            Invariant.Check(rr.Ssrc == again.Ssrc && rr.ReportBlocks.Count == again.ReportBlocks.Count, "RR fields");
            for (var i = 0; i < rr.ReportBlocks.Count; i++)
            {
                Invariant.Check(rr.ReportBlocks[i] == again.ReportBlocks[i], "report block");
            }
        }
    }

    private static void SourceDescriptionRoundTrip(ReadOnlySpan<byte> packet, byte[] scratch)
    {
        if (SourceDescription.TryParse(packet, out var sdes))
        {
            if (!(sdes.TryWrite(scratch, out var n) && SourceDescription.TryParse(scratch.AsSpan(0, n), out var again)))
            {
                throw Invariant.Broken("SDES rewrites");
            }
            Invariant.Check(sdes.ChunkCount == again.ChunkCount && sdes.Chunks.SequenceEqual(again.Chunks), "SDES chunks");
            foreach (var chunk in sdes)
            {
                foreach (var item in chunk)
                {
                    Invariant.Check(item.Value.Length <= 255, "SDES item length");
                }
            }
        }
    }

    private static void ByeRoundTrip(ReadOnlySpan<byte> packet, byte[] scratch)
    {
        if (Bye.TryParse(packet, out var bye))
        {
            if (!(bye.TryWrite(scratch, out var n) && Bye.TryParse(scratch.AsSpan(0, n), out var again)))
            {
                throw Invariant.Broken("BYE rewrites");
            }
            Invariant.Check(bye.Ssrcs.Bytes.SequenceEqual(again.Ssrcs.Bytes) && bye.Reason.SequenceEqual(again.Reason), "BYE fields");
        }
    }

    private static void TransportLayerRoundTrip(ReadOnlySpan<byte> packet, byte[] scratch)
    {
        if (GenericNack.TryParse(packet, out var nack))
        {
            if (!(nack.TryWrite(scratch, out var n) && GenericNack.TryParse(scratch.AsSpan(0, n), out var again)))
            {
                throw Invariant.Broken("NACK rewrites");
            }
            var expected = nack.GetEnumerator();
            foreach (var sequenceNumber in again)
            {
                Invariant.Check(expected.MoveNext() && expected.Current == sequenceNumber, "NACK sequence numbers");
            }
            Invariant.Check(!expected.MoveNext() && nack.SenderSsrc == again.SenderSsrc && nack.MediaSsrc == again.MediaSsrc, "NACK fields");
        }
        TransportCc(packet.ToArray());
    }

    private static void PayloadSpecificRoundTrip(ReadOnlySpan<byte> packet, byte[] scratch)
    {
        if (PictureLossIndication.TryParse(packet, out var pli))
        {
            if (!(pli.TryWrite(scratch, out var n) && PictureLossIndication.TryParse(scratch.AsSpan(0, n), out var again) && again == pli))
            {
                throw Invariant.Broken("PLI round trip");
            }
        }
        if (FullIntraRequest.TryParse(packet, out var fir))
        {
            if (!(fir.TryWrite(scratch, out var n) && FullIntraRequest.TryParse(scratch.AsSpan(0, n), out var again)))
            {
                throw Invariant.Broken("FIR rewrites");
            }
            Invariant.Check(fir.SenderSsrc == again.SenderSsrc && fir.MediaSsrc == again.MediaSsrc && fir.Fci.SequenceEqual(again.Fci), "FIR fields");
        }
        if (Remb.TryParse(packet, out var remb))
        {
            if (!(remb.TryWrite(scratch, out var n) && Remb.TryParse(scratch.AsSpan(0, n), out var again)))
            {
                throw Invariant.Broken("REMB rewrites");
            }
            Invariant.Check(remb.SenderSsrc == again.SenderSsrc && remb.BitrateBps == again.BitrateBps && remb.Ssrcs.Bytes.SequenceEqual(again.Ssrcs.Bytes), "REMB fields");
        }
    }
}
