using System.CommandLine;
using System.Net;
using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.LoadGenerator;

internal static class Program
{
    private static Task<int> Main(string[] args)
    {
        var rooms = new Option<int>("--rooms") { Description = "Rooms (colibri2 conferences)", DefaultValueFactory = _ => 2 };
        var perRoom = new Option<int>("--endpoints-per-room") { Description = "Simulated endpoints in each room", DefaultValueFactory = _ => 3 };
        var duration = new Option<int>("--duration") { Description = "Seconds measured in each step, after its warm-up", DefaultValueFactory = _ => 10 };
        var steps = new Option<int>("--steps") { Description = "Steps of the ramp: step k of n holds ceil(k*rooms/n) rooms", DefaultValueFactory = _ => 1 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of sending before the measurement", DefaultValueFactory = _ => 1 };
        var videoKbps = new Option<int>("--video-kbps") { Description = "Bitrate of each endpoint's one VP8 encoding (0: audio only)", DefaultValueFactory = _ => 1000 };
        var workers = new Option<int>("--workers") { Description = "Generator threads (one UDP socket each)", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--output") { Description = "Directory for steps.csv and summary.md", DefaultValueFactory = _ => "load-results" };
        var selfLoop = new Option<bool>("--self-loop") { Description = "Talk to an in-process loopback forwarder: the generator's own headroom and latency floor" };
        var startStack = new Option<bool>("--start-stack") { Description = "Start a private Prosody and Videobridge on loopback for this run" };
        var xmppHost = new Option<string>("--xmpp-host") { Description = "XMPP server for the focus component", DefaultValueFactory = _ => "127.0.0.1" };
        var componentPort = new Option<int>("--component-port") { Description = "XEP-0114 component port", DefaultValueFactory = _ => 5347 };
        var domain = new Option<string>("--domain") { Description = "Base XMPP domain", DefaultValueFactory = _ => "meet.localhost" };
        var secret = new Option<string?>("--component-secret") { Description = "Secret of the focus component (the bridge takes colibri2 only from the focus)" };
        var bridgeId = new Option<string>("--bridge-id") { Description = "The bridge's resource: jvb@auth.<domain>/<bridge-id>", DefaultValueFactory = _ => "jvb1" };
        var bridgePid = new Option<int?>("--bridge-pid") { Description = "The bridge's process id, for its CPU time and memory" };
        var bridgeCore = new Option<int?>("--bridge-core") { Description = "The core the bridge is pinned to (with --start-stack it is pinned there with taskset)" };
        var lastN = new Option<int>("--last-n") { Description = "Video of at most this many senders per receiver (-1: all)", DefaultValueFactory = _ => -1 };
        var simulcast = new Option<bool>("--simulcast") { Description = "Three VP8 encodings (150 / 500 / 2500 kbit/s, SIM + FID groups) instead of one" };
        var noSendBatching = new Option<bool>("--no-sendmmsg") { Description = "One sendto per packet instead of one sendmmsg per endpoint and tick" };
        var full = new Option<bool>("--full") { Description = "With --start-stack: start the Focus too and join through it (XMPP client, MUC, Jingle)" };
        var senders = new Option<int?>("--senders-per-room") { Description = "Endpoints per room that send (the rest only receive; default: all)" };
        var startJanus = new Option<bool>("--start-janus") { Description = "Start Janus (VideoRoom + HTTP transport) and drive it instead of our bridge" };
        var janusUrl = new Option<Uri?>("--janus-url") { Description = "A running Janus's HTTP API, e.g. http://198.18.0.1:8088/janus" };
        var localAddress = new Option<string>("--local-address") { Description = "Address the endpoints bind to and signal", DefaultValueFactory = _ => "127.0.0.1" };
        var serverAddress = new Option<string>("--server-address") { Description = "Address of the server started here (bridge or Janus)", DefaultValueFactory = _ => "127.0.0.1" };
        var serverNetns = new Option<string?>("--server-netns") { Description = "Network namespace to start the server in (ip netns exec)" };
        var srtp = new Option<string>("--srtp-profile") { Description = "The SRTP profile offered: aes-gcm-128 or aes-cm-128-sha1-80", DefaultValueFactory = _ => "aes-gcm-128" };

        var root = new RootCommand("Jitsi.Net load generator: simulated endpoints with real ICE, DTLS and SRTP against a bridge")
        {
            rooms, perRoom, duration, steps, warmup, videoKbps, workers, output, selfLoop, startStack, xmppHost, componentPort, domain, secret, bridgeId,
            bridgePid, bridgeCore, lastN, full, simulcast, noSendBatching, senders, startJanus, janusUrl, localAddress, serverAddress, serverNetns, srtp,
        };
        root.SetAction(async (result, cancellationToken) =>
        {
            if (!IPAddress.TryParse(result.GetValue(localAddress), out var local) || !IPAddress.TryParse(result.GetValue(serverAddress), out var server))
            {
                await Console.Error.WriteLineAsync("--local-address and --server-address must be IP addresses").ConfigureAwait(false);
                return 2;
            }
            SrtpProtectionProfile? profile = result.GetValue(srtp) switch
            {
                "aes-gcm-128" => SrtpProtectionProfile.AeadAes128Gcm,
                "aes-cm-128-sha1-80" => SrtpProtectionProfile.AesCm128HmacSha1_80,
                _ => null,
            };
            if (profile is null)
            {
                await Console.Error.WriteLineAsync("--srtp-profile must be aes-gcm-128 or aes-cm-128-sha1-80").ConfigureAwait(false);
                return 2;
            }
            var options = new LoadOptions
            {
                Rooms = result.GetValue(rooms),
                EndpointsPerRoom = result.GetValue(perRoom),
                DurationSeconds = result.GetValue(duration),
                Steps = result.GetValue(steps),
                WarmupSeconds = result.GetValue(warmup),
                VideoBitrateKbps = result.GetValue(videoKbps),
                Workers = result.GetValue(workers),
                OutputDirectory = result.GetValue(output)!,
                SelfLoop = result.GetValue(selfLoop),
                StartStack = result.GetValue(startStack),
                XmppHost = result.GetValue(xmppHost)!,
                ComponentPort = result.GetValue(componentPort),
                Domain = result.GetValue(domain)!,
                ComponentSecret = result.GetValue(secret),
                BridgeId = result.GetValue(bridgeId)!,
                BridgePid = result.GetValue(bridgePid),
                BridgeCore = result.GetValue(bridgeCore),
                SendersPerRoom = result.GetValue(senders),
                LastN = result.GetValue(lastN),
                Simulcast = result.GetValue(simulcast),
                Full = result.GetValue(full),
                NoSendBatching = result.GetValue(noSendBatching),
                StartJanus = result.GetValue(startJanus),
                JanusUrl = result.GetValue(janusUrl),
                LocalAddress = local,
                ServerAddress = server,
                ServerNetns = result.GetValue(serverNetns),
                SrtpProfile = profile.Value,
            };
            if (options.Validate() is { } error)
            {
                await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
                return 2;
            }
            try
            {
                return await new LoadRun(options, Console.Out).RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await Console.Error.WriteLineAsync("the run was cancelled or ran past its time limit").ConfigureAwait(false);
                return 1;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A refused allocation, a missing Prosody, an unreachable server: the operator needs the reason, not a crash.
                await Console.Error.WriteLineAsync($"the run failed: {e.Message}").ConfigureAwait(false);
                return 1;
            }
        });
        return root.Parse(args).InvokeAsync();
    }
}
