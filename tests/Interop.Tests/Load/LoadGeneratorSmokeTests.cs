using Jitsi.Net.Interop.Tests.Fixtures;
using static Jitsi.Net.Interop.Tests.Load.LoadGeneratorRun;

namespace Jitsi.Net.Interop.Tests.Load;

/// <summary>
/// The load generator's scenarios as an operator runs them, each in one command: it starts its own Prosody and
/// Videobridge (and the Focus) on loopback, joins the endpoints with real ICE, DTLS and SRTP, sends for a few seconds
/// and writes its report. Checks that the tool works and packets flowed both ways; no timing is asserted.
/// </summary>
public sealed class LoadGeneratorSmokeTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(150);
    private readonly ScratchDirectory _output = new();

    public void Dispose() => _output.Dispose();

    [Fact]
    public async Task BridgeOnlyRun_ForwardsPacketsBothWays_AndWritesTheReport()
    {
        var (exitCode, log) = await RunAsync(
            ["--start-stack", "--rooms", "2", "--endpoints-per-room", "3", "--warmup", "1", "--duration", "3", "--output", _output.Path], Bound);

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{log}");
        Assert.True(File.Exists(Path.Combine(_output.Path, "summary.md")), log);
        Assert.True(new FileInfo(Path.Combine(_output.Path, "chart.png")).Length > 1000, log);
        var row = await FirstStepAsync(_output.Path, log);
        Assert.Equal("6", row["endpoints"]);
        Assert.True(Number(row["sent_pps"]) > 0, log);
        Assert.True(Number(row["forwarded_pps"]) > 0, log);
        Assert.True(Number(row["payload_checked"]) > 0, log);
        Assert.True(Number(row["frames_received"]) > 0, log);
        Assert.Equal("0", row["payload_mismatches"]);
    }

    /// <summary>The full stack: participants join through the Focus (XMPP client, MUC, Jingle) with three simulcast
    /// encodings; the bridge forwards one encoding of each, so what arrives stays near what one layer delivers.</summary>
    [Fact]
    public async Task FullStackRun_JoinsThroughTheFocus_AndForwardsOneSimulcastLayer()
    {
        var (exitCode, log) = await RunAsync(
            ["--start-stack", "--full", "--simulcast", "--rooms", "1", "--endpoints-per-room", "3", "--warmup", "1", "--duration", "3",
                "--output", _output.Path], Bound);

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{log}");
        var summary = await File.ReadAllTextAsync(Path.Combine(_output.Path, "summary.md"));
        Assert.Contains("Signalling `focus-jingle`", summary, StringComparison.Ordinal);
        Assert.Contains("session-accept p50", summary, StringComparison.Ordinal);
        var row = await FirstStepAsync(_output.Path, log);
        var forwarded = Number(row["forwarded_pps"]);
        var expected = Number(row["expected_pps"]);
        Assert.True(forwarded > 0, log);
        // Three encodings are sent (≈ 3.4× the packets of the first); forwarding all of them would overshoot by far.
        Assert.True(forwarded < expected * 1.5, $"forwarded {forwarded} pps, one layer is {expected}:\n{log}");
        Assert.True(Number(row["sent_pps"]) > 3 * expected / 2, log);
        Assert.Equal("0", row["payload_mismatches"]);
    }
}
