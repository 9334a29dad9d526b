namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>The sliding replay window of one SSRC (RFC 3711 §3.3.2): the highest authenticated index and a
/// bitmap of the 64 indices at and below it. Bit 0 is the highest index. Checked before the (costly)
/// authentication, updated only after it succeeds. Part of a stream's state; owned by the Worker thread.</summary>
internal struct SrtpReplayWindow
{
    public const int Size = 64;

    private ulong _mask;

    public ulong Highest { get; private set; }

    public bool IsEmpty { get; private set; } = true;

    public SrtpReplayWindow()
    {
    }

    /// <summary>Whether <paramref name="index"/> may be accepted: ahead of the window, or inside it and not yet seen.</summary>
    public readonly SrtpError Check(ulong index)
    {
        if (IsEmpty || index > Highest)
        {
            return SrtpError.None;
        }
        var behind = Highest - index;
        if (behind >= Size)
        {
            return SrtpError.TooOld;
        }
        return (_mask & (1UL << (int)behind)) != 0 ? SrtpError.Replayed : SrtpError.None;
    }

    /// <summary>Records an authenticated index.</summary>
    public void Accept(ulong index)
    {
        if (IsEmpty)
        {
            IsEmpty = false;
            Highest = index;
            _mask = 1;
        }
        else if (index > Highest)
        {
            var ahead = index - Highest;
            _mask = ahead >= Size ? 1 : (_mask << (int)ahead) | 1;
            Highest = index;
        }
        else
        {
            _mask |= 1UL << (int)(Highest - index);
        }
    }
}
