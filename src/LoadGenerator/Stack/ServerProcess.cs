using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

namespace Jitsi.Net.LoadGenerator.Stack;

/// <summary>
/// A server under test as a child process: started in a network namespace (<c>ip netns exec</c>) and pinned to a core
/// (<c>taskset -c</c>) when asked — both exec the program in place, so the process id is the server's own and its
/// <c>/proc</c> figures are the server's — with its output kept (the first 64 KiB) for failure reports, ready once an
/// HTTP URL answers 200, and killed with its process tree on dispose. Owned by the stack that started it.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly StringBuilder _output = new();
    private readonly Process _process;

    private ServerProcess(Process process) => _process = process;

    public int ProcessId => _process.Id;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <paramref name="program"/> with <paramref name="arguments"/> and <paramref name="environment"/>,
    /// inside <paramref name="netns"/> and on <paramref name="core"/> when given.</summary>
    public static ServerProcess Start(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string? netns, int? core)
    {
        var command = new List<string>();
        if (netns is not null)
        {
            command.AddRange(["ip", "netns", "exec", netns]);
        }
        if (core is { } c)
        {
            command.AddRange(["taskset", "-c", c.ToString(CultureInfo.InvariantCulture)]);
        }
        command.Add(program);
        command.AddRange(arguments);
        var start = new ProcessStartInfo(command[0], command.Skip(1)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Waits until <paramref name="url"/> answers 200; throws when the process exits or after <paramref name="timeout"/>.</summary>
    public async Task WaitReadyAsync(string url, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(url, deadline.Token).ConfigureAwait(false)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited:\n{Output}");
            }
            await Task.Delay(100, deadline.Token).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            try
            {
                await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
            }
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            if (_output.Length < 64 * 1024)
            {
                _output.AppendLine(line);
            }
        }
    }
}
