using System.Diagnostics;

namespace Jitsi.Net.LoadGenerator.Media;

/// <summary>The clock of the senders: a thread that asks every generator Worker for a send tick about once a
/// millisecond, until stopped or until its deadline. Owns its thread; Start and Dispose from the run.</summary>
internal sealed class Pacer : IDisposable
{
    private readonly IReadOnlyList<GeneratorWorker> _workers;
    private readonly long _deadline;
    private readonly Thread _thread;
    private volatile bool _stopping;

    public Pacer(IReadOnlyList<GeneratorWorker> workers, TimeSpan limit)
    {
        _workers = workers;
        _deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        _thread = new Thread(Run) { IsBackground = true, Name = "pacer" };
    }

    public void Start() => _thread.Start();

    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }
    }

    private void Run()
    {
        while (!_stopping && Stopwatch.GetTimestamp() < _deadline)
        {
            foreach (var worker in _workers)
            {
                worker.RequestTick();
            }
            Thread.Sleep(1);
        }
    }
}
