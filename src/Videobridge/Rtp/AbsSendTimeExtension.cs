namespace Jitsi.Net.Videobridge.Rtp;

/// <summary>abs-send-time (webrtc.org "Absolute Send Time"): 24 bits, seconds in unsigned 6.18 fixed point,
/// wrapping every 64 s. The bridge re-stamps it on send for the receiver's delay-based estimate.
/// Stateless; called on the Worker thread.</summary>
internal static class AbsSendTimeExtension
{
    /*  The value, 3 bytes big-endian:
         0                   1                   2
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        | seconds (6) |          fraction (18)            |
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    */
    public const string Uri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";

    public const int Length = 3;

    private const long MicrosecondsPerSecond = 1_000_000;

    public static bool TryParse(ReadOnlySpan<byte> value, out uint sendTime)
    {
        if (value.Length != Length)
        {
            sendTime = 0;
            return false;
        }
        sendTime = (uint)((value[0] << 16) | (value[1] << 8) | value[2]);
        return true;
    }

    public static bool TryWrite(Span<byte> destination, uint sendTime)
    {
        if (destination.Length < Length)
        {
            return false;
        }
        destination[0] = (byte)(sendTime >> 16);
        destination[1] = (byte)(sendTime >> 8);
        destination[2] = (byte)sendTime;
        return true;
    }

    /// <summary>The 6.18 value for a time in microseconds (any epoch; only the low 64 s survive).</summary>
    public static uint FromMicroseconds(long microseconds) =>
        (uint)(((microseconds << 18) / MicrosecondsPerSecond) & 0xFFFFFF);

    /// <summary>Microseconds within the 64-second wrap for a 6.18 value.</summary>
    public static long ToMicroseconds(uint sendTime) => ((sendTime & 0xFFFFFF) * MicrosecondsPerSecond) >> 18;
}
