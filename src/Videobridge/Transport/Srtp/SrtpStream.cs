namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>Per-SSRC cryptographic state of one context: the SRTP replay window (whose highest index holds
/// the ROC and highest sequence number of RFC 3711 §3.3.1), the SRTCP replay window, and the next SRTCP index
/// to send. An entry of <see cref="SrtpStreamTable"/>; owned by the Worker thread.</summary>
internal struct SrtpStream
{
    public uint Ssrc;
    public bool InUse;
    public SrtpReplayWindow Rtp;
    public SrtpReplayWindow Rtcp;
    public uint NextRtcpIndex;

    public SrtpStream(uint ssrc)
    {
        Ssrc = ssrc;
        InUse = true;
        Rtp = new SrtpReplayWindow();
        Rtcp = new SrtpReplayWindow();
        // Sent SRTCP indices start at 1, as libsrtp does, so no receiver sees index 0 as special.
        NextRtcpIndex = 1;
    }

    /// <summary>The 48-bit packet index of a sequence number (RFC 3711 Appendix A): the ROC guess v is the one
    /// that puts the index nearest to the highest index seen (s_l), within half the sequence space.</summary>
    /// <returns><see cref="SrtpError.TooOld"/> when the guess is before ROC 0, <see cref="SrtpError.IndexExhausted"/>
    /// past the last ROC.</returns>
    public readonly SrtpError EstimateIndex(ushort sequenceNumber, out ulong index)
    {
        index = sequenceNumber;
        if (Rtp.IsEmpty)
        {
            // RFC 3711 §3.3.1: the receiver starts with ROC 0 at the first packet.
            return SrtpError.None;
        }
        long roc = (long)(Rtp.Highest >> 16);
        int highestSequence = (ushort)Rtp.Highest;
        long guess = roc;
        if (highestSequence < 0x8000)
        {
            if (sequenceNumber - highestSequence > 0x8000)
            {
                guess = roc - 1;
            }
        }
        else if (highestSequence - 0x8000 > sequenceNumber)
        {
            guess = roc + 1;
        }
        if (guess < 0)
        {
            return SrtpError.TooOld;
        }
        if (guess > uint.MaxValue)
        {
            return SrtpError.IndexExhausted;
        }
        index = (ulong)((guess << 16) | sequenceNumber);
        return SrtpError.None;
    }
}
