namespace Jitsi.Net.Videobridge.Transport.Srtp;

/// <summary>The sliding replay window of one SSRC (RFC 3711 §3.3.2): the highest authenticated index and a
/// bitmap of the 128 indices at and below it (RFC 3711 asks for at least 64; 128 is libsrtp's default and
/// leaves room for video bursts reordered on the way). Bit 0 is the highest index. Checked before the
/// (costly) authentication, updated only after it succeeds. Part of a stream's state; owned by the Worker thread.</summary>
internal struct SrtpReplayWindow
{
    public const int Size = 128;

    private UInt128 _mask;

    public SrtpReplayWindow()
    {
    }

    public ulong Highest { get; private set; }

    public bool IsEmpty { get; private set; } = true;

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
        return (_mask & (UInt128.One << (int)behind)) != UInt128.Zero ? SrtpError.Replayed : SrtpError.None;
    }

    /// <summary>Records an authenticated index.</summary>
    public void Accept(ulong index)
    {
        if (IsEmpty)
        {
            IsEmpty = false;
            Highest = index;
            _mask = UInt128.One;
        }
        else if (index > Highest)
        {
            var ahead = index - Highest;
            _mask = ahead >= Size ? UInt128.One : (_mask << (int)ahead) | UInt128.One;
            Highest = index;
        }
        else if (Highest - index < Size)
        {
            _mask |= UInt128.One << (int)(Highest - index);
        }
    }
}
