namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>RTCP BYE (RFC 3550 §6.6): the listed sources are leaving, with an optional reason.
/// A view parsed and written on the Worker thread.</summary>
internal readonly ref struct Bye(SsrcList ssrcs, ReadOnlySpan<byte> reason)
{
    /*  RFC 3550 §6.6:
               0                   1                   2                   3
               0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
              +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
              |V=2|P|    SC   |   PT=BYE=203  |             length            |
              +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
              |                           SSRC/CSRC                           |
              +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
              :                              ...                              :
              +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
        (opt) |     length    |               reason for leaving            ...
              +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    */
    public SsrcList Ssrcs { get; } = ssrcs;

    /// <summary>UTF-8 text, empty when absent.</summary>
    public ReadOnlySpan<byte> Reason { get; } = reason;

    public static bool TryParse(ReadOnlySpan<byte> packet, out Bye bye)
    {
        bye = default;
        if (!RtcpHeader.TryParseBody(packet, RtcpPacketType.Bye, out var header, out var body) || body.Length < header.Count * 4)
        {
            return false;
        }
        var rest = body[(header.Count * 4)..];
        var reason = ReadOnlySpan<byte>.Empty;
        if (!rest.IsEmpty && rest[0] != 0)
        {
            if (1 + rest[0] > rest.Length)
            {
                return false;
            }
            reason = rest.Slice(1, rest[0]);
        }
        bye = new Bye(new SsrcList(body[..(header.Count * 4)]), reason);
        return true;
    }

    public int GetLength() => RtcpHeader.Size + Ssrcs.Bytes.Length + (Reason.IsEmpty ? 0 : (1 + Reason.Length + 3) & ~3);

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = GetLength();
        if (Ssrcs.Count > 31 || Reason.Length > 255 || destination.Length < written
            || !RtcpHeader.TryWrite(destination, Ssrcs.Count, RtcpPacketType.Bye, written))
        {
            written = 0;
            return false;
        }
        Ssrcs.Bytes.CopyTo(destination[RtcpHeader.Size..]);
        if (!Reason.IsEmpty)
        {
            var offset = RtcpHeader.Size + Ssrcs.Bytes.Length;
            destination[offset] = (byte)Reason.Length;
            Reason.CopyTo(destination[(offset + 1)..]);
            destination[(offset + 1 + Reason.Length)..written].Clear();
        }
        return true;
    }
}
