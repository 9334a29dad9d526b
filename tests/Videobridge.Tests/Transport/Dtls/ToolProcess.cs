using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>A command-line tool run by a test (openssl, Chromium): standard input held open (EOF ends
/// <c>s_client</c> and <c>s_server</c>), standard output and error collected line by line, killed on dispose.</summary>
internal sealed class ToolProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<(Regex Pattern, TaskCompletionSource<Match> Found)> _watches = [];

    public ToolProcess(string path, params string[] arguments)
    {
        _process = new Process
        {
            StartInfo = new ProcessStartInfo(path, arguments)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines);
            }
        }
    }

    /// <summary>The first output line matching <paramref name="pattern"/>, printed before or after this call.</summary>
    public Task<Match> FindLine(Regex pattern)
    {
        var found = new TaskCompletionSource<Match>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lines)
        {
            foreach (var line in _lines)
            {
                var match = pattern.Match(line);
                if (match.Success)
                {
                    found.SetResult(match);
                    return found.Task;
                }
            }
            _watches.Add((pattern, found));
        }
        return found.Task;
    }

    /// <summary>Ends standard input: s_client and s_server then close the connection and exit, flushing output.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_lines)
        {
            _lines.Add(line);
            foreach (var (pattern, found) in _watches)
            {
                var match = pattern.Match(line);
                if (match.Success)
                {
                    found.TrySetResult(match);
                }
            }
        }
    }
}
