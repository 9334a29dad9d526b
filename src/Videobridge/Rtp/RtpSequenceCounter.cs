namespace Jitsi.Net.Videobridge.Rtp;

/// <summary>Extends 16-bit sequence numbers of one stream to a 64-bit counter by tracking rollovers
/// (RFC 3550 Appendix A.1 keeps <c>cycles</c> the same way). A packet that arrives late across a wrap maps
/// to the previous cycle, so the result may be negative before the first wrap. A mutable struct held by
/// the stream that owns it, on its Worker thread.</summary>
internal struct RtpSequenceCounter
{
    private long _highest;

    public bool HasStarted { get; private set; }

    /// <summary>The highest extended sequence number seen so far.</summary>
    public readonly long Highest => _highest;

    /// <summary>How many times the 16-bit number has wrapped (RFC 3550 A.1 <c>cycles</c> / 65536).</summary>
    public readonly long Cycles => _highest >> 16;

    /// <summary>The extended value of <paramref name="sequenceNumber"/>, taken as the nearest to the highest
    /// so far; the highest moves forward only.</summary>
    public long Extend(ushort sequenceNumber)
    {
        if (!HasStarted)
        {
            HasStarted = true;
            _highest = sequenceNumber;
            return sequenceNumber;
        }
        var extended = _highest + RtpSequence.Distance((ushort)_highest, sequenceNumber);
        if (extended > _highest)
        {
            _highest = extended;
        }
        return extended;
    }

    /// <summary>The extended value without moving the counter (for a look-up, e.g. a NACK).</summary>
    public readonly long Peek(ushort sequenceNumber) =>
        HasStarted ? _highest + RtpSequence.Distance((ushort)_highest, sequenceNumber) : sequenceNumber;
}
