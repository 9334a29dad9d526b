using Jitsi.Net.Videobridge.Transport.Ice;

namespace Jitsi.Net.LoadGenerator.Signalling;

/// <summary>
/// How simulated endpoints get onto a bridge. The colibri2 adapter talks to our bridge as the focus would; the
/// self-loop adapter keys an in-process loopback forwarder; the Focus + Jingle adapter joins as web clients do; the
/// Janus adapter drives the VideoRoom plugin over its
/// HTTP API, where each endpoint publishes on one peer connection and receives on a second one. Called from the run's
/// control flow, one call at a time.
/// </summary>
internal interface ISignalling : IAsyncDisposable
{
    /// <summary>"colibri2", "self-loop" or "janus-videoroom", for the report.</summary>
    string Name { get; }

    /// <summary>The ICE role the endpoints' transports take: controlled toward our bridge (it offers), controlling
    /// toward an ICE-lite server.</summary>
    IceRole EndpointIceRole => IceRole.Controlled;

    /// <summary>True when an endpoint receives on a transport of its own, set up by <see cref="SubscribeAsync"/>
    /// once the room's senders are connected; false when <see cref="JoinAsync"/> gives one transport for both ways.</summary>
    bool ReceivesOnSeparateTransport => false;

    /// <summary>True when a room's endpoints must join at the same time (the focus starts sessions only once two
    /// participants are in the room); false: one after another.</summary>
    bool ConcurrentJoins => false;

    /// <summary>Puts the endpoint into its room with its transport and sources, makes it ready to receive video
    /// (unless receiving is separate), and returns the bridge's transport for it.</summary>
    Task<RemoteDescription> JoinAsync(LocalDescription local, CancellationToken cancellationToken);

    /// <summary>Sets up the receive-only transport <paramref name="local"/> for the media of
    /// <paramref name="senders"/> (the room's senders but the endpoint itself); only where
    /// <see cref="ReceivesOnSeparateTransport"/>.</summary>
    Task<RemoteDescription> SubscribeAsync(LocalDescription local, IReadOnlyList<LocalDescription> senders, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Name} receives on the transport it joins with");

    /// <summary>Takes the endpoints out again (best effort; the run ends either way).</summary>
    Task LeaveAsync(IReadOnlyList<LocalDescription> endpoints, CancellationToken cancellationToken);
}
