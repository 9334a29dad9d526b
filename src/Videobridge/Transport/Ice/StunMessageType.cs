namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>A STUN message type: a 12-bit method and a 2-bit class interleaved into 14 bits
/// (RFC 8489 §5). A plain value; any thread.</summary>
/// <remarks>
/// <code>
///  0                 1
///  2  3  4 5 6 7 8 9 0 1 2 3 4 5
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
/// |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
/// +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
internal readonly record struct StunMessageType(ushort Method, StunClass Class)
{
    /// <summary>The only method ICE uses (RFC 8489 §18.2).</summary>
    public const ushort BindingMethod = 0x001;

    public static StunMessageType BindingRequest => new(BindingMethod, StunClass.Request);

    public static StunMessageType BindingIndication => new(BindingMethod, StunClass.Indication);

    public static StunMessageType BindingSuccessResponse => new(BindingMethod, StunClass.SuccessResponse);

    public static StunMessageType BindingErrorResponse => new(BindingMethod, StunClass.ErrorResponse);

    /// <summary>Splits the 14 low bits of the first header word into method and class.</summary>
    public static StunMessageType FromWire(ushort value)
    {
        var method = (ushort)((value & 0x000F) | ((value & 0x00E0) >> 1) | ((value & 0x3E00) >> 2));
        var stunClass = (StunClass)(((value >> 4) & 0x1) | ((value >> 7) & 0x2));
        return new StunMessageType(method, stunClass);
    }

    /// <summary>Interleaves method and class back into the 14-bit wire value.</summary>
    public ushort ToWire()
    {
        var c = (int)Class;
        return (ushort)((Method & 0x000F) | ((Method & 0x0070) << 1) | ((Method & 0x0F80) << 2)
            | ((c & 0x1) << 4) | ((c & 0x2) << 7));
    }
}
