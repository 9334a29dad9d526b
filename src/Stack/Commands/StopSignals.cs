using System.Runtime.InteropServices;

namespace Jitsi.Net.Stack.Commands;

/// <summary>
/// Turns SIGINT and SIGTERM into a cancellation, so a long-running command stops as gracefully on a service
/// manager's SIGTERM as on Ctrl-C, with as long as it needs (System.CommandLine's own grace is short). Dispose
/// to unregister; used by one command's task.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration _interrupt;
    private readonly PosixSignalRegistration _terminate;

    public StopSignals()
    {
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        _terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _stop.Token;

    public void Dispose()
    {
        _interrupt.Dispose();
        _terminate.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        _stop.Cancel();
    }
}
