using System.Diagnostics;
using System.Globalization;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Stack.DevStack;

namespace Jitsi.Net.Interop.Tests.Load;

/// <summary>
/// The load generator's bridge-only scenario as an operator runs it, in one command: it starts its own Prosody and
/// Videobridge on loopback, joins 2 rooms × 3 endpoints over colibri2 with real ICE, DTLS and SRTP, sends for a few
/// seconds and writes its report. Checks that the tool works and packets flowed both ways; no timing is asserted.
/// </summary>
public sealed class LoadGeneratorSmokeTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(150);
    private readonly ScratchDirectory _output = new();

    public void Dispose() => _output.Dispose();

    [Fact]
    public async Task BridgeOnlyRun_ForwardsPacketsBothWays_AndWritesTheReport()
    {
        var program = DevStackOptions.BuiltProgram("LoadGenerator", "Jitsi.Net.LoadGenerator", DevStackOptions.OwnConfiguration());
        Assert.True(File.Exists(program), $"build src/LoadGenerator first: {program} is missing");
        var start = new ProcessStartInfo("dotnet",
            [program, "--start-stack", "--rooms", "2", "--endpoints-per-room", "3", "--warmup", "1", "--duration", "3", "--output", _output.Path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        var log = await stdout + await stderr;

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}:\n{log}");
        Assert.True(File.Exists(Path.Combine(_output.Path, "summary.md")), log);
        var lines = await File.ReadAllLinesAsync(Path.Combine(_output.Path, "steps.csv"));
        Assert.Equal(2, lines.Length);
        var row = lines[0].Split(',').Zip(lines[1].Split(',')).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("6", row["endpoints"]);
        Assert.True(Number(row["sent_pps"]) > 0, log);
        Assert.True(Number(row["forwarded_pps"]) > 0, log);
        Assert.True(Number(row["payload_checked"]) > 0, log);
        Assert.Equal("0", row["payload_mismatches"]);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);
}
