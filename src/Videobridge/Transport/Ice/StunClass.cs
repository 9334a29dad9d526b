namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>The class of a STUN message, the two C bits of the message type (RFC 8489 §5).
/// A plain value; any thread.</summary>
internal enum StunClass : byte
{
    Request = 0b00,
    Indication = 0b01,
    SuccessResponse = 0b10,
    ErrorResponse = 0b11,
}
