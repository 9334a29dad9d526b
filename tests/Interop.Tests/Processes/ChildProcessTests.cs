using Jitsi.Net.Stack.Processes;

namespace Jitsi.Net.Interop.Tests.Processes;

/// <summary>Child programs stop when asked and when their parent goes away.</summary>
public sealed class ChildProcessTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task ParentPipeClosing_StopsTheProgram()
    {
        await using ChildProcess child = ChildProcess.Start("sleeper", "sleep", ["60"]);

        // What the kernel does to the pipe when this process exits or is killed.
        child.ReleaseWatcher();
        int exitCode = await child.Exited.WaitAsync(Bound);

        Assert.Equal(128 + PosixSignals.SigTerm, exitCode);
    }

    [Fact]
    public async Task Stop_SendsSigTermAndCollectsTheOutput()
    {
        var lines = new List<string>();
        await using ChildProcess child = ChildProcess.Start(
            "trap", "/bin/sh", ["-c", "trap 'echo got TERM; exit 7' TERM; echo ready; while :; do sleep 0.1; done"],
            onLine: line => { lock (lines) { lines.Add(line); } });
        using var timeout = new CancellationTokenSource(Bound);
        while (!child.LastLines.Contains("ready"))
        {
            await Task.Delay(20, timeout.Token);
        }

        await child.StopAsync(Bound);

        Assert.Equal(7, await child.Exited);
        Assert.Contains("got TERM", child.LastLines);
        lock (lines)
        {
            Assert.Equal(["ready", "got TERM"], lines);
        }
    }

    [Fact]
    public void Start_MissingProgram_Throws()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ChildProcess.Start("none", "/nonexistent/program", []));

        Assert.Contains("/nonexistent/program", error.Message);
    }
}
