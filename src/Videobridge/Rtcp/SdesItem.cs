namespace Jitsi.Net.Videobridge.Rtcp;

/// <summary>One SDES item (RFC 3550 §6.5): type, 8-bit length, text as bytes (UTF-8, never decoded on the
/// media path). A view; Worker thread.</summary>
internal readonly ref struct SdesItem(byte type, ReadOnlySpan<byte> value)
{
    /*  RFC 3550 §6.5.1 (CNAME; every item has this layout):
         0                   1                   2                   3
         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
        |    CNAME=1    |     length    | user and domain name        ...
        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    */
    public const byte End = 0;
    public const byte Cname = 1;
    public const byte Name = 2;
    public const byte Email = 3;
    public const byte Phone = 4;
    public const byte Location = 5;
    public const byte Tool = 6;
    public const byte Note = 7;
    public const byte Private = 8;

    public byte Type { get; } = type;

    public ReadOnlySpan<byte> Value { get; } = value;
}
