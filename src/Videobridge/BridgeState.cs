namespace Jitsi.Net.Videobridge;

/// <summary>
/// The bridge's lifecycle as focuses see it: normal, draining after <c>POST /colibri/shutdown</c> (graceful: no new
/// conferences, existing ones go on; the process exits when the last one ends or the drain timeout passes), or
/// shutting down. Read from any thread; changed by the HTTP handler.
/// </summary>
internal sealed class BridgeState
{
    private volatile bool _gracefulShutdown;
    private volatile bool _shuttingDown;

    public bool GracefulShutdown => _gracefulShutdown;

    public bool ShuttingDown => _shuttingDown;

    /// <summary>Raised once when a graceful shutdown is requested.</summary>
    public event Action? GracefulShutdownRequested;

    public void RequestGracefulShutdown()
    {
        if (_gracefulShutdown)
        {
            return;
        }
        _gracefulShutdown = true;
        GracefulShutdownRequested?.Invoke();
    }

    public void MarkShuttingDown() => _shuttingDown = true;
}
