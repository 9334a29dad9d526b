namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>Which agent nominates (RFC 8445 §6.1.1). The bridge puts its parameters in the offer, so it
/// starts controlling. A plain value; any thread.</summary>
internal enum IceRole
{
    Controlling,
    Controlled,
}
