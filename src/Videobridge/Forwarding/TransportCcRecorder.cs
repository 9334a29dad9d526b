using Jitsi.Net.Videobridge.Rtcp;
using Jitsi.Net.Videobridge.Rtp;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>
/// Arrival times of one sender's packets by their transport-wide sequence number
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2), turned into transport-cc feedback (§3.1) for that sender
/// every feedback interval. Arrivals sit in a preallocated window indexed by the extended sequence number, so packets
/// reordered within a feedback interval are reported in order; a packet older than the last feedback is ignored.
/// Owned by the sender's Worker thread; allocates nothing.
/// </summary>
internal sealed class TransportCcRecorder
{
    /// <summary>Sequence numbers one feedback packet covers at most (keeps it well under an MTU).</summary>
    public const int MaxPerFeedback = 256;

    private const int Window = 4096;
    private readonly long[] _arrivalUs = new long[Window];
    private readonly long[] _sequenceAt = new long[Window];
    private readonly PacketArrival[] _arrivals = new PacketArrival[MaxPerFeedback];
    private readonly TransportFeedbackEntry[] _entries = new TransportFeedbackEntry[MaxPerFeedback];
    private RtpSequenceCounter _sequence;
    private long _nextToReport;
    private byte _feedbackCount;

    public TransportCcRecorder() => Array.Fill(_sequenceAt, -1);

    /// <summary>The media SSRC the last recorded packet came on (named in the feedback).</summary>
    public uint MediaSsrc { get; private set; }

    public bool HasPending => _sequence.HasStarted && _nextToReport <= _sequence.Highest;

    public void OnPacket(ushort sequenceNumber, uint mediaSsrc, long arrivalUs)
    {
        var first = !_sequence.HasStarted;
        var extended = _sequence.Extend(sequenceNumber);
        if (first)
        {
            _nextToReport = extended;
        }
        // Too far behind: its feedback has gone out. Too far ahead of what is unreported: give up the oldest.
        if (extended < _nextToReport)
        {
            return;
        }
        if (extended - _nextToReport >= Window)
        {
            _nextToReport = extended - Window + 1;
        }
        var slot = (int)(extended & (Window - 1));
        _sequenceAt[slot] = extended;
        _arrivalUs[slot] = arrivalUs;
        MediaSsrc = mediaSsrc;
    }

    /// <summary>Writes one feedback packet for the oldest unreported sequence numbers (at most
    /// <see cref="MaxPerFeedback"/>) and moves past them; false when nothing arrived in that range.</summary>
    public bool TryWriteFeedback(Span<byte> destination, uint senderSsrc, out int written)
    {
        written = 0;
        if (!HasPending)
        {
            return false;
        }
        var end = Math.Min(_sequence.Highest, _nextToReport + MaxPerFeedback - 1);
        var count = 0;
        for (var extended = _nextToReport; extended <= end; extended++)
        {
            var slot = (int)(extended & (Window - 1));
            if (_sequenceAt[slot] == extended)
            {
                _arrivals[count++] = new PacketArrival((ushort)extended, _arrivalUs[slot]);
            }
        }
        _nextToReport = end + 1;
        return count > 0
            && TransportFeedbackBuilder.TryGetEntries(_arrivals.AsSpan(0, count), _entries, out var referenceTime, out var entries)
            && TransportFeedbackBuilder.TryWrite(destination, senderSsrc, MediaSsrc, referenceTime, _feedbackCount++, _entries.AsSpan(0, entries), out written);
    }
}
