using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Focus.Conferences;

/// <summary>
/// Runs one conference's work items one at a time, in the order they were queued, so conference code needs no
/// locks: every stanza handler and timer for a conference goes through its queue. A failing item is logged and the
/// queue goes on. Thread-safe to enqueue; the items run on the thread pool, never two at once.
/// </summary>
internal sealed class SerialQueue
{
    private readonly Channel<Func<Task>> _items = Channel.CreateUnbounded<Func<Task>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ILogger _logger;
    private readonly Task _loop;

    public SerialQueue(ILogger logger)
    {
        _logger = logger;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Queues <paramref name="work"/>; the task completes with its result when it has run.</summary>
    public Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _items.Writer.TryWrite(async () =>
        {
            try
            {
                done.TrySetResult(await work().ConfigureAwait(false));
            }
            catch (Exception e)
            {
                done.TrySetException(e);
            }
        });
        if (!queued)
        {
            done.TrySetException(new ObjectDisposedException(nameof(SerialQueue), "the conference has ended"));
        }
        return done.Task;
    }

    public Task RunAsync(Func<Task> work) => RunAsync(async () =>
    {
        await work().ConfigureAwait(false);
        return true;
    });

    /// <summary>Queues work whose failure is only logged (events from the XMPP layer).</summary>
    public void Post(Func<Task> work) => _ = RunAsync(work).ContinueWith(
        t => _logger.LogError(t.Exception, "Conference work item failed"), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);

    /// <summary>Stops taking work; items already queued still run.</summary>
    public Task CompleteAsync()
    {
        _items.Writer.TryComplete();
        return _loop;
    }

    private async Task RunAsync()
    {
        await foreach (var item in _items.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await item().ConfigureAwait(false);
        }
    }
}
