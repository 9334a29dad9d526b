namespace Jitsi.Net.LoadGenerator.Signalling;

/// <summary>
/// How simulated endpoints get onto a bridge. The colibri2 adapter talks to our bridge as the focus would; the
/// self-loop adapter keys an in-process loopback forwarder. (The Focus + Jingle and Janus VideoRoom adapters will
/// sit behind the same seam.) Called from the run's control flow, one call at a time.
/// </summary>
internal interface ISignalling : IAsyncDisposable
{
    /// <summary>"colibri2" or "self-loop", for the report.</summary>
    string Name { get; }

    /// <summary>Puts the endpoint into its room with its transport and sources, makes it ready to receive video,
    /// and returns the bridge's transport for it.</summary>
    Task<RemoteDescription> JoinAsync(LocalDescription local, CancellationToken cancellationToken);

    /// <summary>Takes the endpoints out again (best effort; the run ends either way).</summary>
    Task LeaveAsync(IReadOnlyList<LocalDescription> endpoints, CancellationToken cancellationToken);
}
