namespace Jitsi.Net.Videobridge.Transport.Ice;

/// <summary>Sends one datagram from the Worker's socket to <paramref name="destination"/>; false when it
/// was not sent (refused by the allow-list or a socket error, already counted). Called on the Worker thread;
/// the span is only valid during the call.</summary>
internal delegate bool DatagramSend(ReadOnlySpan<byte> datagram, in TransportAddress destination);
