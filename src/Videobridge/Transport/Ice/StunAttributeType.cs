namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>STUN attribute types used by ICE (RFC 8489 §18.3, RFC 8445 §16.1).
/// Types below 0x8000 are comprehension-required: an agent that does not know one must refuse
/// the request with 420 (RFC 8489 §15). A plain value; any thread.</summary>
internal enum StunAttributeType : ushort
{
    MappedAddress = 0x0001,
    Username = 0x0006,
    MessageIntegrity = 0x0008,
    ErrorCode = 0x0009,
    UnknownAttributes = 0x000A,
    Realm = 0x0014,
    Nonce = 0x0015,
    XorMappedAddress = 0x0020,
    Priority = 0x0024,
    UseCandidate = 0x0025,
    Software = 0x8022,
    AlternateServer = 0x8023,
    Fingerprint = 0x8028,
    IceControlled = 0x8029,
    IceControlling = 0x802A,
}
