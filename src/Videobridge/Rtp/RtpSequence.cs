namespace Jitsi.Net.Videobridge.Rtp;

/// <summary>Comparisons of 16-bit sequence numbers and 32-bit timestamps modulo their wrap, in the style of
/// RFC 3550 Appendix A.1: a value is newer when it lies less than half the space ahead. Pure functions.</summary>
internal static class RtpSequence
{
    /// <summary>Whether <paramref name="sequenceNumber"/> comes after <paramref name="than"/>.</summary>
    public static bool IsNewer(ushort sequenceNumber, ushort than) =>
        sequenceNumber != than && (ushort)(sequenceNumber - than) < 0x8000;

    /// <summary>Signed steps from <paramref name="from"/> to <paramref name="to"/>, in −32768…32767.</summary>
    public static int Distance(ushort from, ushort to) => (short)(ushort)(to - from);

    public static bool IsNewerTimestamp(uint timestamp, uint than) =>
        timestamp != than && timestamp - than < 0x8000_0000u;

    /// <summary>Signed ticks from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static long TimestampDistance(uint from, uint to) => (int)(to - from);
}
