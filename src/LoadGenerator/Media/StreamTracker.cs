namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>What one receiver saw of one sender's stream since the last reset: the first and highest sequence,
/// packets received and packets that came after a higher one. Loss is the gap between the sequence range and
/// what arrived, so packets still in flight at the end of a step are not counted. A mutable struct kept in an
/// array of its receiver; owned by the receiver's generator Worker thread.</summary>
internal struct StreamTracker
{
    public bool Started;
    public uint First;
    public uint Highest;
    public long Received;
    public long Reordered;

    public void OnPacket(uint sequence)
    {
        Received++;
        if (!Started)
        {
            Started = true;
            First = sequence;
            Highest = sequence;
            return;
        }
        if (sequence > Highest)
        {
            Highest = sequence;
        }
        else
        {
            Reordered++;
        }
    }

    public readonly long Expected => Started ? (long)Highest - First + 1 : 0;

    public readonly long Lost => Math.Max(0, Expected - Received);
}
