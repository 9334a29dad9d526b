using Jitsi.Net.Videobridge.Rtcp;
using Jitsi.Net.Videobridge.Rtp;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// Reception statistics of one SSRC a sender sends to the bridge, for the bridge's receiver reports (RFC 3550 §6.4.1,
/// Appendix A.1, A.3, A.8), and the sender's latest sender report (its NTP/RTP mapping, passed on to receivers for
/// lip sync, and LSR/DLSR). Owned by the Worker thread of the sender's conference.
/// </summary>
internal sealed class ReceiveStatistics(int clockRate)
{
    private RtpSequenceCounter _sequence;
    private long _baseSequence;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private uint _lastTransit;
    private bool _hasTransit;
    private double _jitter;

    public int ClockRate { get; } = clockRate;

    /// <summary>The sender's latest sender report, and when it arrived (a <see cref="TimeProvider"/> timestamp).</summary>
    public ulong LastSenderReportNtp { get; private set; }

    public uint LastSenderReportRtp { get; private set; }

    public long LastSenderReportArrival { get; private set; }

    public bool HasSenderReport { get; private set; }

    public long Received => _received;

    /// <summary>Interarrival jitter in timestamp units (A.8).</summary>
    public double Jitter => _jitter;

    /// <summary>One packet: sequence number, RTP timestamp, arrival in seconds on the bridge's monotonic clock.</summary>
    public void OnPacket(ushort sequenceNumber, uint rtpTimestamp, double arrivalSeconds)
    {
        var extended = _sequence.Extend(sequenceNumber);
        if (_received == 0)
        {
            _baseSequence = extended;
        }
        _received++;
        // A.8: transit time in timestamp units; only its differences matter, so the clocks need no common origin.
        // 32-bit arithmetic, so a timestamp wrap does not look like a jump.
        var transit = unchecked((uint)(long)(arrivalSeconds * ClockRate) - rtpTimestamp);
        if (_hasTransit)
        {
            var d = Math.Abs((long)unchecked((int)(transit - _lastTransit)));
            _jitter += (d - _jitter) / 16;
        }
        _lastTransit = transit;
        _hasTransit = true;
    }

    public void OnSenderReport(ulong ntpTimestamp, uint rtpTimestamp, long arrival)
    {
        LastSenderReportNtp = ntpTimestamp;
        LastSenderReportRtp = rtpTimestamp;
        LastSenderReportArrival = arrival;
        HasSenderReport = true;
    }

    /// <summary>The report block for this SSRC now (A.3), and the interval counters moved on for the next one.</summary>
    public ReportBlock TakeReportBlock(uint ssrc, long now, long timestampFrequency)
    {
        var highest = _sequence.Highest;
        var expected = highest - _baseSequence + 1;
        var lost = expected - _received;
        var expectedInterval = expected - _expectedPrior;
        var receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        var lostInterval = expectedInterval - receivedInterval;
        var fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        uint lsr = 0;
        uint dlsr = 0;
        if (HasSenderReport)
        {
            // §6.4.1: LSR is the middle 32 bits of the SR's NTP timestamp; DLSR is in units of 1/65536 s.
            lsr = (uint)(LastSenderReportNtp >> 16);
            dlsr = (uint)Math.Min(uint.MaxValue, (now - LastSenderReportArrival) * 65536 / timestampFrequency);
        }
        var cumulative = (int)Math.Clamp(lost, -ReportBlock.MaxCumulativeLost - 1, ReportBlock.MaxCumulativeLost);
        return new ReportBlock(ssrc, (byte)fraction, cumulative, (uint)highest, (uint)_jitter, lsr, dlsr);
    }
}
