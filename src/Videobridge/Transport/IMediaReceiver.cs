namespace Jitsi.Net.Videobridge.Transport;

/// <summary>Where an endpoint transport hands decrypted media. Called on the Worker thread with a span over the
/// receive buffer, valid only during the call; the receiver may rewrite it in place.</summary>
internal interface IMediaReceiver
{
    void OnRtp(EndpointTransport transport, Span<byte> packet);

    void OnRtcp(EndpointTransport transport, Span<byte> packet);
}
