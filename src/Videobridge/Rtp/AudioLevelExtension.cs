namespace Jitsi.Net.Videobridge.Rtp;

/// <summary>Client-to-mixer audio level (RFC 6464 §3): one byte, V (voice activity) and the level in −dBov
/// (0 loudest, 127 silence). Stateless; called on the Worker thread.</summary>
internal static class AudioLevelExtension
{
    /*  RFC 6464 §3, the value byte:
         0 1 2 3 4 5 6 7
        +-+-+-+-+-+-+-+-+
        |V|    level    |
        +-+-+-+-+-+-+-+-+
    */
    public const string Uri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    public const int Length = 1;

    /// <summary>Reads the first byte; §3 allows a sender to pad the element, so longer values are accepted.</summary>
    public static bool TryParse(ReadOnlySpan<byte> value, out bool voiceActivity, out byte level)
    {
        if (value.IsEmpty)
        {
            voiceActivity = false;
            level = 0;
            return false;
        }
        voiceActivity = (value[0] & 0x80) != 0;
        level = (byte)(value[0] & 0x7F);
        return true;
    }

    public static byte Encode(bool voiceActivity, byte level) =>
        (byte)((voiceActivity ? 0x80 : 0) | Math.Min(level, (byte)127));
}
