namespace Jitsi.Net.Videobridge.Transport.Dtls;

/// <summary>Which side of the DTLS handshake this endpoint is. The DTLS client sends SRTP with the client
/// write key (RFC 5764 §4.2). Plain value; any thread.</summary>
internal enum DtlsRole
{
    Client,
    Server,
}
