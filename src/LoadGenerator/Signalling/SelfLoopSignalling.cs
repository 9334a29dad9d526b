using System.Net;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.LoadGenerator.Signalling;

/// <summary>Signalling for a self-loop run: no XMPP, the endpoints are keyed straight onto a
/// <see cref="LoopbackForwarder"/> in this process. Called from the run's control flow.</summary>
internal sealed class SelfLoopSignalling(IPAddress address, ILogger logger) : ISignalling
{
    private readonly LoopbackForwarder _forwarder = new(address, logger);

    public string Name => "self-loop";

    public Task<RemoteDescription> JoinAsync(LocalDescription local, CancellationToken cancellationToken) =>
        Task.FromResult(_forwarder.Add(local));

    public Task LeaveAsync(IReadOnlyList<LocalDescription> endpoints, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _forwarder.Dispose();
        return ValueTask.CompletedTask;
    }
}
