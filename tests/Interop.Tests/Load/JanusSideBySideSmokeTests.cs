using System.Diagnostics;
using System.Globalization;
using Jitsi.Net.Interop.Tests.Fixtures;
using static Jitsi.Net.Interop.Tests.Load.LoadGeneratorRun;

namespace Jitsi.Net.Interop.Tests.Load;

/// <summary>
/// The side-by-side run in small: the test makes two network namespaces joined by a veth pair on 198.18.1.0/24 (Janus
/// gathers no loopback candidates); the generator runs in one and starts the server in the other — Janus (three
/// endpoints publish three simulcast encodings into a VideoRoom room and each subscribes to the other two), then our
/// bridge (with its Prosody on the generator's side of the link). Checks that media flowed through each server with
/// SRTP both ways and video frames arrived (with Janus: its PLIs reached the senders and every receiver got key frames),
/// and the report was written; no timing is asserted. Needs root (namespaces) and the Debian <c>janus</c> package; skipped
/// otherwise. The namespaces are always deleted.
/// </summary>
public sealed class JanusSideBySideSmokeTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly ScratchDirectory _output = new();

    public void Dispose() => _output.Dispose();

    [RootWithJanusFact]
    public async Task JanusThenOurBridgeInANamespace_ForwardEverySenderToEveryReceiver()
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

            foreach (var (serverOption, name) in new[] { ("--start-janus", "janus-videoroom"), ("--start-stack", "colibri2") })
            {
                var output = Path.Combine(_output.Path, name);
                var (exitCode, log) = await RunAsync(
                    [serverOption, "--server-netns", server, "--server-address", "198.18.1.1", "--local-address", "198.18.1.2", "--rooms", "1",
                        "--endpoints-per-room", "3", "--simulcast", "--warmup", "1", "--duration", "2", "--output", output], Bound, generator);

                Assert.True(exitCode == 0, $"{name}: exit code {exitCode}:\n{log}");
                var summary = await File.ReadAllTextAsync(Path.Combine(output, "summary.md"));
                Assert.Contains($"Signalling `{name}`", summary, StringComparison.Ordinal);
                Assert.Contains("endpoints on 198.18.1.2", summary, StringComparison.Ordinal);
                var row = await FirstStepAsync(output, log);
                // Every receiver hears both other senders: more than half of full forwarding arrives (a missing sender
                // would leave at most half).
                Assert.True(Number(row["forwarded_pps"]) > Number(row["expected_pps"]) / 2, log);
                Assert.True(Number(row["payload_checked"]) > 0, log);
                Assert.Equal("0", row["payload_mismatches"]);
                Assert.True(Number(row["frames_received"]) > 0, log);
                if (name == "janus-videoroom")
                {
                    // Janus asks a publisher for a key frame (PLI) when a subscription starts or changes substream, and
                    // forwards a layer from a key frame on, so every receiver starts each sender's video with one.
                    Assert.True(Number(row["key_frame_requests"]) > 0, log);
                    Assert.True(Number(row["key_frames_received"]) >= 6, log);
                }
            }
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
