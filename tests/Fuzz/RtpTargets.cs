using Jitsi.Net.Videobridge.Rtp;

namespace Jitsi.Net.Fuzz;

/// <summary>Fuzz targets for the RTP packet view and its RFC 8285 header extension edits.</summary>
internal static class RtpTargets
{
    /// <summary>Parse, rebuild the packet from its fields with <see cref="RtpPacketBuilder"/>, parse again: same fields.</summary>
    [FuzzTarget("rtp")]
    private static void Rtp(byte[] data)
    {
        if (!RtpPacket.TryParse(data, out var packet))
        {
            return;
        }
        var buffer = new byte[data.Length + 64];
        var builder = new RtpPacketBuilder(buffer);
        Span<uint> csrcs = stackalloc uint[packet.CsrcCount];
        for (var i = 0; i < csrcs.Length; i++)
        {
            csrcs[i] = packet.GetCsrc(i);
        }
        Invariant.Check(builder.TryWriteHeader(packet.PayloadType, packet.Marker, packet.SequenceNumber, packet.Timestamp, packet.Ssrc, csrcs), "header rebuilds");
        var profile = packet.ExtensionProfile;
        var knownForm = RtpHeaderExtension.IsOneByte(profile) || RtpHeaderExtension.IsTwoByte(profile);
        if (packet.HasExtension && knownForm)
        {
            Invariant.Check(builder.TryBeginExtensions(profile), "extension block starts");
            foreach (var element in packet.GetExtensions())
            {
                Invariant.Check(builder.TryAddExtension(element.Id, element.Value), "element re-adds in its own form");
            }
        }
        Invariant.Check(builder.TryAppendPayload(packet.Payload), "payload appends");
        if (packet.HasPadding)
        {
            Invariant.Check(builder.TryAddPadding((byte)packet.PaddingLength), "padding appends");
        }
        Invariant.Check(RtpPacket.TryParse(builder.Written, out var again), "rebuilt packet parses");
        Invariant.Check(again.Marker == packet.Marker && again.PayloadType == packet.PayloadType && again.SequenceNumber == packet.SequenceNumber
            && again.Timestamp == packet.Timestamp && again.Ssrc == packet.Ssrc && again.CsrcCount == packet.CsrcCount, "fixed header");
        Invariant.Check(again.Payload.SequenceEqual(packet.Payload) && again.PaddingLength == packet.PaddingLength, "payload and padding");
        if (knownForm)
        {
            Invariant.Check(again.ExtensionProfile == profile && SameElements(packet, again, default, keepAll: true), "extension elements");
        }
    }

    /// <summary>Strip all but one id and add a transport-cc element, as the forwarder does: the packet still
    /// parses, keeps the kept element's value and the payload.</summary>
    [FuzzTarget("rtp-extensions")]
    private static void Extensions(byte[] data)
    {
        if (!RtpPacket.TryParse(data, out var original))
        {
            return;
        }
        var buffer = new byte[data.Length + 64];
        data.CopyTo(buffer, 0);
        ReadOnlySpan<byte> keep = [1];
        var length = RtpHeaderExtensions.Strip(buffer, data.Length, keep);
        Invariant.Check(RtpPacket.TryParse(buffer.AsSpan(0, length), out var stripped), "stripped packet parses");
        Invariant.Check(stripped.Payload.SequenceEqual(original.Payload), "strip keeps the payload");
        var knownForm = RtpHeaderExtension.IsOneByte(original.ExtensionProfile) || RtpHeaderExtension.IsTwoByte(original.ExtensionProfile);
        if (knownForm)
        {
            Invariant.Check(SameElements(original, stripped, keep, keepAll: false), "strip keeps exactly the kept ids");
        }
        if (RtpHeaderExtensions.TryAdd(buffer, length, 5, [0x12, 0x34], out var added))
        {
            Invariant.Check(RtpPacket.TryParse(buffer.AsSpan(0, added), out var withAdded), "packet with added element parses");
            Invariant.Check(withAdded.TryGetExtension(5, out var value) && value.Length == 2 && withAdded.Payload.SequenceEqual(original.Payload), "added element and payload");
            Invariant.Check(RtpHeaderExtensions.TryRewrite(buffer.AsSpan(0, added), 5, [0xAB, 0xCD]), "rewrite of the added element");
        }
    }

    /// <summary>RTX wrap then unwrap gives the original packet back, padding aside.</summary>
    [FuzzTarget("rtx")]
    private static void RtxRoundTrip(byte[] data)
    {
        if (!RtpPacket.TryParse(data, out var packet))
        {
            return;
        }
        var original = new byte[data.Length + 2];
        if (Rtx.TryUnwrap(packet, original, 1, 96, out var unwrappedLength))
        {
            Invariant.Check(RtpPacket.TryParse(original.AsSpan(0, unwrappedLength), out var unwrapped), "unwrapped packet parses");
            Invariant.Check(Rtx.TryGetOriginalSequenceNumber(packet, out var osn) && unwrapped.SequenceNumber == osn, "OSN restored");
        }
        var wrapped = new byte[data.Length + 2];
        Invariant.Check(Rtx.TryWrap(packet, wrapped, 2, 97, 7, out var wrappedLength), "wrap fits");
        Invariant.Check(RtpPacket.TryParse(wrapped.AsSpan(0, wrappedLength), out var rtx), "wrapped packet parses");
        var back = new byte[wrappedLength];
        Invariant.Check(Rtx.TryUnwrap(rtx, back, packet.Ssrc, packet.PayloadType, out var backLength), "unwrap of a wrap");
        Invariant.Check(RtpPacket.TryParse(back.AsSpan(0, backLength), out var restored), "restored packet parses");
        Invariant.Check(restored.SequenceNumber == packet.SequenceNumber && restored.Ssrc == packet.Ssrc && restored.PayloadType == packet.PayloadType
            && restored.Payload.SequenceEqual(packet.Payload) && restored.Buffer[1..restored.HeaderLength].SequenceEqual(packet.Buffer[1..packet.HeaderLength]), "wrap/unwrap round trip");
    }

    /// <summary>Whether <paramref name="after"/> holds, in order, the elements of <paramref name="before"/>
    /// (all of them, or those whose id is in <paramref name="keep"/>).</summary>
    private static bool SameElements(RtpPacket before, RtpPacket after, ReadOnlySpan<byte> keep, bool keepAll)
    {
        var next = after.GetExtensions();
        foreach (var element in before.GetExtensions())
        {
            if (!keepAll && !keep.Contains((byte)element.Id))
            {
                continue;
            }
            if (!next.MoveNext() || next.Current.Id != element.Id || !next.Current.Value.SequenceEqual(element.Value))
            {
                return false;
            }
        }
        return !next.MoveNext();
    }
}
