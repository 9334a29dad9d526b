using Jitsi.Net.Videobridge.Rtcp;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// The round-trip time between the bridge and one endpoint, from RFC 3550 §6.4.1: the bridge remembers when it sent
/// each sender report to the endpoint (by SSRC and the report's middle 32 NTP bits); a report block the endpoint
/// sends back for that SSRC names that report (LSR) and how long it held it (DLSR, 1/65536 s), so
/// RTT = arrival − sent − DLSR. Smoothed over reports (⅞ old, ⅛ new). Used to space NACK retries toward the endpoint.
/// Preallocated; owned by the Worker thread.
/// </summary>
internal sealed class RoundTripEstimator
{
    /// <summary>Sender reports remembered: the bridge sends one per SSRC and sender report it relays, so a few
    /// seconds' worth for a handful of senders.</summary>
    public const int Remembered = 32;

    private readonly (uint Ssrc, uint CompactNtp, long SentAt)[] _sent = new (uint, uint, long)[Remembered];
    private int _next;

    /// <summary>The smoothed round trip in <see cref="TimeProvider"/> ticks; 0 until the first measurement.</summary>
    public long Ticks { get; private set; }

    /// <summary>A sender report for <paramref name="ssrc"/> whose NTP timestamp has <paramref name="compactNtp"/> as
    /// its middle 32 bits went to the endpoint at <paramref name="now"/>.</summary>
    public void OnSenderReportSent(uint ssrc, uint compactNtp, long now)
    {
        _sent[_next] = (ssrc, compactNtp, now);
        _next = (_next + 1) % Remembered;
    }

    /// <summary>A report block from the endpoint, arrived at <paramref name="now"/> (<paramref name="timestampFrequency"/>
    /// ticks per second); true when it gave a measurement.</summary>
    public bool OnReportBlock(in ReportBlock block, long now, long timestampFrequency)
    {
        if (block.LastSenderReport == 0)
        {
            return false;
        }
        foreach (var (ssrc, compactNtp, sentAt) in _sent)
        {
            if (sentAt == 0 || ssrc != block.Ssrc || compactNtp != block.LastSenderReport)
            {
                continue;
            }
            var held = (long)block.DelaySinceLastSenderReport * timestampFrequency / 65536;
            var sample = now - sentAt - held;
            if (sample < 0)
            {
                return false;
            }
            Ticks = Ticks == 0 ? sample : Ticks + ((sample - Ticks) / 8);
            return true;
        }
        return false;
    }
}
