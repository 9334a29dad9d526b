using System.Diagnostics;
using System.Globalization;
using Jitsi.Net.Interop.Tests.Fixtures;
using static Jitsi.Net.Interop.Tests.Load.LoadGeneratorRun;

namespace Jitsi.Net.Interop.Tests.Load;

/// <summary>
/// The Janus half of the side-by-side run in small: the test makes two network namespaces joined by a veth pair on
/// 198.18.1.0/24 (Janus gathers no loopback candidates), the generator starts Janus in one and runs in the other,
/// publishes three endpoints into a VideoRoom room and subscribes each to the other two. Checks that media flowed
/// through Janus with SRTP both ways and the report was written; no timing is asserted. Needs root (namespaces) and
/// the Debian <c>janus</c> package; skipped otherwise. The namespaces are always deleted.
/// </summary>
public sealed class JanusSideBySideSmokeTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly ScratchDirectory _output = new();

    public void Dispose() => _output.Dispose();

    [RootWithJanusFact]
    public async Task JanusInANamespace_ForwardsEveryPublisherToEverySubscriber()
    {
        var tag = (Environment.ProcessId % 100_000).ToString(CultureInfo.InvariantCulture);
        var (server, generator) = ("jnt-s" + tag, "jnt-g" + tag);
        try
        {
            foreach (var command in new[]
            {
                $"netns add {server}", $"netns add {generator}", $"link add jnt{tag}g type veth peer name jnt{tag}s",
                $"link set jnt{tag}s netns {server}", $"link set jnt{tag}g netns {generator}",
                $"-n {server} addr add 198.18.1.1/24 dev jnt{tag}s", $"-n {generator} addr add 198.18.1.2/24 dev jnt{tag}g",
                $"-n {server} link set lo up", $"-n {generator} link set lo up", $"-n {server} link set jnt{tag}s up", $"-n {generator} link set jnt{tag}g up",
            })
            {
                Assert.Equal(0, Ip(command));
            }

            var (exitCode, log) = await RunAsync(
                ["--start-janus", "--server-netns", server, "--server-address", "198.18.1.1", "--local-address", "198.18.1.2", "--rooms", "1",
                    "--endpoints-per-room", "3", "--warmup", "1", "--duration", "2", "--output", _output.Path], Bound, generator);

            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{log}");
            var summary = await File.ReadAllTextAsync(Path.Combine(_output.Path, "summary.md"));
            Assert.Contains("Signalling `janus-videoroom`", summary, StringComparison.Ordinal);
            var row = await FirstStepAsync(_output.Path, log);
            Assert.True(Number(row["forwarded_pps"]) > 0, log);
            // Every subscriber hears both other publishers: both streams of each show up at each receiver.
            Assert.True(Number(row["forwarded_pps"]) > Number(row["expected_pps"]) / 2, log);
            Assert.True(Number(row["payload_checked"]) > 0, log);
            Assert.Equal("0", row["payload_mismatches"]);
        }
        finally
        {
            Ip($"netns del {server}");
            Ip($"netns del {generator}");
        }
    }

    private static int Ip(string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("ip", arguments.Split(' ')) { RedirectStandardError = true })!;
        process.WaitForExit(10_000);
        return process.HasExited ? process.ExitCode : -1;
    }
}

/// <summary>A fact that runs only as root with <c>janus</c> installed (network namespaces need root; Janus is the
/// server under test), and is skipped with the reason otherwise.</summary>
public sealed class RootWithJanusFactAttribute : FactAttribute
{
    public RootWithJanusFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            Skip = "network namespaces need root";
        }
        else if (!File.Exists("/usr/bin/janus"))
        {
            Skip = "janus is not installed (apt-get install janus)";
        }
    }
}
