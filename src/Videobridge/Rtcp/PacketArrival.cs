namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>One received packet as transport-cc feedback needs it: its transport-wide sequence number and when
/// it arrived, in microseconds on the receiver's clock. A value recorded by the Worker thread.</summary>
internal readonly record struct PacketArrival(ushort SequenceNumber, long ArrivalTimeUs);
