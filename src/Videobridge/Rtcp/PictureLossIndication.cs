namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>Picture Loss Indication (RFC 4585 §6.3.1): a receiver lost picture data and asks the media sender
/// for a key frame. No FCI. A value parsed and written on the Worker thread.</summary>
internal readonly record struct PictureLossIndication(uint SenderSsrc, uint MediaSsrc)
{
    /*  RFC 4585 §6.3.1 (common feedback header, §6.1, with PT=PSFB FMT=1 and no FCI):
         0                   1                   2                   3
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |V=2|P| FMT=1   |   PT=206      |          length=2             |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                  SSRC of packet sender                        |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |                  SSRC of media source                         |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    */
    public const int Length = RtcpFeedback.HeaderLength;

    /// <summary>Bytes after the SSRCs are ignored: §6.3.1 defines no FCI, but being lenient costs nothing.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out PictureLossIndication pli)
    {
        if (!RtcpFeedback.TryParse(packet, RtcpPacketType.PayloadFeedback, RtcpPacketType.FmtPictureLossIndication, out var sender, out var media, out _))
        {
            pli = default;
            return false;
        }
        pli = new PictureLossIndication(sender, media);
        return true;
    }

    public int GetLength() => Length;

    public bool TryWrite(Span<byte> destination, out int written)
    {
        written = RtcpFeedback.TryWriteHeader(destination, RtcpPacketType.PayloadFeedback, RtcpPacketType.FmtPictureLossIndication, SenderSsrc, MediaSsrc, 0) ? Length : 0;
        return written != 0;
    }
}
