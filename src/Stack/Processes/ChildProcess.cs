using System.Collections.Concurrent;
using System.Diagnostics;

namespace Jitsi.Net.Stack.Processes;

/// <summary>
/// A program started on behalf of the stack or a test that must not outlive its parent.
/// Output lines go to a callback and the last ones are kept for error messages. Thread-safe.
/// </summary>
/// <remarks>
/// Linux has no portable "die with the parent" for a process started by .NET (PR_SET_PDEATHSIG
/// follows the forking thread, which may be any pool thread), so the program is started through
/// <c>sh</c>: the shell leaves a watcher that reads our stdin pipe and, when that pipe closes because
/// we exited or crashed, sends SIGTERM (then SIGKILL after 5 s) to the program; then it execs the program
/// under the same process id, so <see cref="Id"/> is the program itself.
/// </remarks>
internal sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 200;

    private const string Launcher =
        """
        exec 3<&0
        self=$$
        ( cat <&3 >/dev/null
          kill -TERM "$self" 2>/dev/null || exit 0
          i=0
          while [ "$i" -lt 50 ] && kill -0 "$self" 2>/dev/null; do sleep 0.1; i=$((i + 1)); done
          kill -KILL "$self" 2>/dev/null ) </dev/null >/dev/null 2>&1 &
        exec "$@" 3<&- </dev/null
        """;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lastLines = new();
    private readonly Action<string>? _onLine;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(string name, Process process, Action<string>? onLine)
    {
        Name = name;
        _process = process;
        _onLine = onLine;
    }

    public string Name { get; }

    public int Id => _process.Id;

    /// <summary>Completes with the exit code once the program has exited and its output is read.</summary>
    public Task<int> Exited => _exited.Task;

    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>The last lines the program wrote to stdout or stderr, oldest first.</summary>
    public IReadOnlyList<string> LastLines => _lastLines.ToArray();

    /// <summary>Starts <paramref name="fileName"/> (found on PATH if it has no slash).</summary>
    /// <exception cref="FileNotFoundException">The program does not exist.</exception>
    public static ChildProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null,
        Action<string>? onLine = null,
        string? workingDirectory = null)
    {
        string path = ExecutableSearch.Find(fileName)
            ?? throw new FileNotFoundException($"'{fileName}' was not found (PATH={Environment.GetEnvironmentVariable("PATH")}).", fileName);

        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(Launcher);
        startInfo.ArgumentList.Add(name);
        startInfo.ArgumentList.Add(path);
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (environment is not null)
        {
            foreach ((string key, string value) in environment)
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(name, process, onLine);
        process.OutputDataReceived += (_, e) => child.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => child.OnOutput(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _ = child.WatchExitAsync();
        return child;
    }

    /// <summary>SIGTERM, then SIGKILL if the program is still running after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (!HasExited)
        {
            PosixSignals.Send(_process.Id, PosixSignals.SigTerm);
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _exited.Task.WaitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Kill();
                await _exited.Task.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }

        ReleaseWatcher();
    }

    public void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        _process.Dispose();
    }

    /// <summary>
    /// Closes our end of the stdin pipe, as our exit would: the watcher then stops the program if it
    /// still runs, and ends.
    /// </summary>
    internal void ReleaseWatcher()
    {
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The watcher is already gone.
        }
    }

    /// <summary>WaitForExitAsync also waits for the end of both output streams, so no line arrives after <see cref="Exited"/>.</summary>
    private async Task WatchExitAsync()
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _exited.TrySetResult(_process.ExitCode);
    }

    private void OnOutput(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lastLines.Enqueue(line);
        while (_lastLines.Count > KeptLines)
        {
            _lastLines.TryDequeue(out _);
        }

        _onLine?.Invoke(line);
    }
}
