namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>The feedback for one transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01
/// §3.1): received or not and, when received, the arrival time relative to the previous received packet
/// (the first: to the reference time) in 250 µs ticks. A value; Worker thread.</summary>
internal readonly record struct TransportFeedbackEntry(ushort SequenceNumber, bool Received, int DeltaTicks)
{
    public const int TickMicroseconds = 250;

    public long DeltaMicroseconds => (long)DeltaTicks * TickMicroseconds;

    /// <summary>The 2-bit status symbol (§3.1.1) this entry is sent with: 0 not received, 1 received with a
    /// one-byte delta (0…255 ticks), 2 received with a two-byte signed delta; −1 when the delta fits neither.</summary>
    public int Symbol =>
        !Received ? 0
        : DeltaTicks is >= 0 and <= byte.MaxValue ? 1
        : DeltaTicks is >= short.MinValue and <= short.MaxValue ? 2
        : -1;
}
