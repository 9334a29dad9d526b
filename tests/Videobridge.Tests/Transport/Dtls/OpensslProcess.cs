using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Jitsi.Net.Videobridge.Tests.Transport.Dtls;

/// <summary>An <c>openssl s_server</c> or <c>s_client</c> run by a test: standard input held open (EOF would end
/// it), output collected, killed on dispose.</summary>
internal sealed partial class OpensslProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _keyingMaterial = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _accepting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public OpensslProcess(params string[] arguments)
    {
        _process = new Process
        {
            StartInfo = new ProcessStartInfo("/usr/bin/openssl", arguments)
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

    /// <summary>The "Keying material: HEX" line openssl prints for <c>-keymatexport</c>.</summary>
    public Task<string> KeyingMaterial => _keyingMaterial.Task;

    /// <summary>s_server printed ACCEPT (it is listening).</summary>
    public Task Accepting => _accepting.Task;

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
        lock (_output)
        {
            _output.AppendLine(line);
        }
        if (line.StartsWith("ACCEPT", StringComparison.Ordinal))
        {
            _accepting.TrySetResult();
        }
        var match = KeyingMaterialLine().Match(line);
        if (match.Success)
        {
            _keyingMaterial.TrySetResult(match.Groups[1].Value);
        }
    }

    [GeneratedRegex("Keying material: ([0-9A-Fa-f]+)")]
    private static partial Regex KeyingMaterialLine();
}
