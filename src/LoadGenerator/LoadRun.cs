using System.Diagnostics;
using System.Globalization;
using Jitsi.Net.LoadGenerator.Janus;
using Jitsi.Net.LoadGenerator.Measurement;
using Jitsi.Net.LoadGenerator.Media;
using Jitsi.Net.LoadGenerator.Signalling;
using Jitsi.Net.LoadGenerator.Stack;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jitsi.Net.LoadGenerator;

/// <summary>
/// One bounded run: bring up the signalling (and the private stack when asked), join every endpoint, wait for ICE and
/// DTLS, send for a warm-up and then for the measured step, stop, drain, and write the report. Every wait has a
/// deadline; the whole run is capped at its duration plus a fixed allowance for setup. Runs on the caller's task.
/// </summary>
internal sealed class LoadRun(LoadOptions options, TextWriter log)
{
    private static readonly TimeSpan SetupAllowance = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Drain = TimeSpan.FromMilliseconds(300);

    /// <summary>0 when packets flowed both ways in every step and the report is written; 1 otherwise.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter((options.Steps * (TimeSpan.FromSeconds(options.DurationSeconds + options.WarmupSeconds) + ConnectTimeout)) + SetupAllowance);
        var ct = deadline.Token;

        await using var stack = options.StartStack
            ? await PrivateStack.StartAsync(options.LocalAddress, options.ServerAddress, options.ServerNetns, options.BridgeCore, options.Full, log, ct).ConfigureAwait(false)
            : null;
        await using var janus = options.StartJanus
            ? await JanusServer.StartAsync(options.ServerAddress, options.ServerNetns, options.BridgeCore, log, ct).ConfigureAwait(false)
            : null;
        await using var signalling = await ConnectAsync(stack, janus, ct).ConfigureAwait(false);
        var bridgePid = stack?.BridgeProcessId ?? janus?.ProcessId ?? options.BridgePid;
        var rssBefore = bridgePid is { } p ? ProcFs.ResidentBytes(p) : null;

        using var certificate = DtlsCertificate.Generate();
        var network = GeneratorNetwork.For(options.LocalAddress, options.SrtpProfile);
        var workers = Enumerable.Range(0, options.Workers)
            .Select(i => new GeneratorWorker("gen-" + i.ToString(CultureInfo.InvariantCulture), certificate, network, NullLogger.Instance,
                batchSends: !options.NoSendBatching)).ToList();
        var profile = new MediaProfile { VideoBitrateBps = options.VideoBitrateKbps * 1000L, Simulcast = options.Simulcast };
        var endpoints = new List<SimulatedEndpoint>();
        var locals = new List<LocalDescription>();
        var steps = new List<StepResult>();
        var roomsJoined = 0;
        using var pacer = new Pacer(workers, options.Steps * (TimeSpan.FromSeconds(options.WarmupSeconds + options.DurationSeconds) + ConnectTimeout));
        pacer.Start();
        try
        {
            for (var step = 1; step <= options.Steps; step++)
            {
                // Step k of n holds ceil(k·rooms/n) rooms; the rooms joined for earlier steps keep sending.
                var rooms = (int)Math.Ceiling(step * options.Rooms / (double)options.Steps);
                var joined = endpoints.Count;
                var joinMs = await JoinRoomsAsync(roomsJoined, rooms, signalling, workers, profile, endpoints, locals, subscribe: false, ct)
                    .ConfigureAwait(false);
                var connectMs = await WaitAllConnectedAsync(step, endpoints.Skip(joined).ToList(), workers, stack, janus, ct).ConfigureAwait(false);
                if (signalling.ReceivesOnSeparateTransport)
                {
                    // Receiving needs the room's senders connected first (a server subscribes only to live publishers).
                    var subscribed = endpoints.Count;
                    joinMs.AddRange(await JoinRoomsAsync(roomsJoined, rooms, signalling, workers, profile, endpoints, locals, subscribe: true, ct)
                        .ConfigureAwait(false));
                    connectMs.AddRange(await WaitAllConnectedAsync(step, endpoints.Skip(subscribed).ToList(), workers, stack, janus, ct).ConfigureAwait(false));
                }
                roomsJoined = rooms;
                var result = await MeasureAsync(step, rooms, workers, rooms * options.EndpointsPerRoom, profile, bridgePid, rssBefore, joinMs, connectMs,
                    last: step == options.Steps, ct).ConfigureAwait(false);
                steps.Add(result);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"step {step}: {result.Endpoints} endpoints, sent {result.SentPacketsPerSecond:N0} pps, forwarded {result.ReceivedPacketsPerSecond:N0} pps ({result.ReceivedMbps:F1} Mbit/s), loss {result.LossPercent:F3} %, latency p50 {result.LatencyP50Ms:F3} / p99 {result.LatencyP99Ms:F3} / p99.9 {result.LatencyP999Ms:F3} ms, generator CPU {result.GeneratorCpuPercent:F1} %, {result.PacketsPerSendCall:F2} packets per sendmmsg"));
            }
            var stages = new List<string>();
            if (signalling is FocusJingleSignalling focus)
            {
                foreach (var (stage, times) in focus.Stages.OrderBy(p => p.Value.Average()))
                {
                    var sorted = times.Order().ToList();
                    stages.Add(string.Create(CultureInfo.InvariantCulture, $"{stage} p50 {sorted[sorted.Count / 2]:F0} / max {sorted[^1]:F0} ms"));
                }
                stages.Add(string.Create(CultureInfo.InvariantCulture,
                    $"ICE + DTLS connected max {steps.Max(s => s.ConnectMaxMs):F0} ms after the last join; first media p50 {Median(endpoints.Where(e => e.FirstMediaMs > 0).Select(e => e.FirstMediaMs).ToList()):F0} ms after sending started"));
                log.WriteLine("join stages (from the start of each join): " + string.Join("; ", stages));
            }
            var description = Describe(signalling.Name, profile, bridgePid is not null)
                + (stages.Count == 0 ? "" : "\n\nJoin stages through the focus (time from the start of each join, all joins of a room at once): " + string.Join("; ", stages) + ".");
            ReportWriter.Write(options.OutputDirectory, $"{signalling.Name}: {options.Rooms} × {options.EndpointsPerRoom} endpoints", description, steps);
            log.WriteLine($"report: {Path.GetFullPath(options.OutputDirectory)}");

            using var leave = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await signalling.LeaveAsync(locals, leave.Token).ConfigureAwait(false);
            return steps.TrueForAll(s => s.SentPacketsPerSecond > 0 && s.ReceivedPacketsPerSecond > 0) ? 0 : 1;
        }
        finally
        {
            pacer.Dispose();
            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    private async Task<ISignalling> ConnectAsync(PrivateStack? stack, JanusServer? janus, CancellationToken ct)
    {
        if (options.SelfLoop)
        {
            return new SelfLoopSignalling(options.LocalAddress, NullLogger.Instance);
        }
        if ((janus?.Url ?? options.JanusUrl) is { } url)
        {
            return await JanusSignalling.ConnectAsync(url, options.LocalAddress, options.VideoBitrateKbps > 0, options.LastN, options.Simulcast, ct).ConfigureAwait(false);
        }
        var component = new ComponentOptions
        {
            Host = stack is null ? options.XmppHost : stack.Options.Host,
            Port = stack?.Options.ComponentPort ?? options.ComponentPort,
            Name = stack?.Options.FocusComponent ?? $"focus.{options.Domain}",
            ServerDomain = stack?.Options.Domain ?? options.Domain,
            Secret = stack?.Options.ComponentSecret ?? options.ComponentSecret!,
        };
        var bridge = stack is null
            ? Jid.Parse($"jvb@auth.{options.Domain}/{options.BridgeId}")
            : Jid.Parse($"{stack.Options.BridgeAccountJid}/{stack.BridgeId}");
        var mucDomain = stack?.Options.MucDomain ?? $"conference.{options.Domain}";
        if (options.Full && stack is not null)
        {
            var client = new ClientOptions
            {
                Host = stack.Options.Host, Port = stack.Options.C2sPort, Domain = stack.Options.Domain, Tls = TlsPolicy.Never, PingInterval = TimeSpan.Zero,
            };
            return new FocusJingleSignalling(client, Jid.Parse(stack.Options.FocusComponent), mucDomain, options.LastN);
        }
        return await Colibri2Signalling.ConnectAsync(component, bridge, mucDomain, options.LastN, ct).ConfigureAwait(false);
    }

    /// <summary>Joins rooms <paramref name="fromRoom"/> to <paramref name="toRoom"/> (exclusive), one endpoint at a
    /// time, room by room (the first endpoint creates its room's conference); returns each join's round trip. With
    /// <paramref name="subscribe"/>, gives every endpoint of those rooms its receive-only transport instead (only where
    /// the signalling receives on a separate transport; then only senders join in the first pass).</summary>
    private async Task<List<double>> JoinRoomsAsync(int fromRoom, int toRoom, ISignalling signalling, List<GeneratorWorker> workers,
        MediaProfile profile, List<SimulatedEndpoint> endpoints, List<LocalDescription> locals, bool subscribe, CancellationToken ct)
    {
        var joinMs = new List<double>();
        var joins = new List<Task>();
        var n = options.EndpointsPerRoom;
        for (var room = fromRoom; room < toRoom; room++)
        {
            var senders = locals.Where(l => l.RoomIndex == room && l.Sends).ToList();
            for (var k = 0; k < n; k++)
            {
                var sends = k < options.Senders;
                var others = senders.Where(l => l.Participant != k).ToList();
                if ((!subscribe && !sends && signalling.ReceivesOnSeparateTransport) || (subscribe && others.Count == 0))
                {
                    continue;
                }
                var global = (room * n) + k;
                var worker = workers[(global + (subscribe ? 1 : 0)) % workers.Count];
                var id = string.Create(CultureInfo.InvariantCulture, $"lg{room:D3}{k:D3}{(subscribe ? "r" : "")}");
                var endpoint = new SimulatedEndpoint(id, global, room * n, n, profile, worker.Stats, sends: sends && !subscribe);
                var transport = worker.Add(endpoint, signalling.EndpointIceRole);
                var local = new LocalDescription(room, k, id, k == 0 && !subscribe, endpoint.Sends, transport.LocalCredentials.Ufrag,
                    transport.LocalCredentials.Password, transport.LocalCandidates, transport.LocalFingerprintHash, transport.LocalFingerprint,
                    endpoint.AudioSsrc, endpoint.VideoSsrcs, endpoint.RtxSsrcs);
                async Task Join()
                {
                    var started = Stopwatch.GetTimestamp();
                    var remote = subscribe
                        ? await signalling.SubscribeAsync(local, others, ct).ConfigureAwait(false)
                        : await signalling.JoinAsync(local, ct).ConfigureAwait(false);
                    lock (joinMs)
                    {
                        joinMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    worker.Post(() => transport.SetRemoteParameters(remote.Ufrag, remote.Pwd, remote.Candidates, remote.FingerprintHash, remote.Fingerprint,
                        remote.Setup));
                }
                endpoints.Add(endpoint);
                locals.Add(local);
                if (signalling.ConcurrentJoins)
                {
                    joins.Add(Task.Run(Join, ct));
                }
                else
                {
                    await Join().ConfigureAwait(false);
                }
            }
            // A room's concurrent joins all finish (or the first failure ends the run) before the next room starts.
            await Task.WhenAll(joins).ConfigureAwait(false);
            joins.Clear();
        }
        return joinMs;
    }

    /// <summary>Waits for <paramref name="added"/> to connect and says how it went; on a failure, the counters and the
    /// server's output.</summary>
    private async Task<List<double>> WaitAllConnectedAsync(int step, List<SimulatedEndpoint> added, List<GeneratorWorker> workers, PrivateStack? stack,
        JanusServer? janus, CancellationToken ct)
    {
        var connectMs = await WaitConnectedAsync(added, ct).ConfigureAwait(false);
        var connected = added.Count(e => e.IsConnected);
        log.WriteLine($"step {step}: {connected} of {added.Count} new transports connected (ICE + DTLS) in {connectMs.DefaultIfEmpty().Max():F0} ms");
        if (connected < added.Count)
        {
            ReportCounters(workers, stack?.BridgeOutput ?? janus?.Output);
        }
        return connectMs;
    }

    /// <summary>Time from the last join to each endpoint's connection; returns when all are connected or failed, or at the timeout.</summary>
    private static async Task<List<double>> WaitConnectedAsync(List<SimulatedEndpoint> endpoints, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var seen = new Dictionary<SimulatedEndpoint, double>();
        while (Stopwatch.GetElapsedTime(started) < ConnectTimeout)
        {
            foreach (var endpoint in endpoints)
            {
                if (endpoint.IsConnected && !seen.ContainsKey(endpoint))
                {
                    seen[endpoint] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            }
            if (endpoints.All(e => seen.ContainsKey(e) || e.HasFailed))
            {
                break;
            }
            await Task.Delay(10, ct).ConfigureAwait(false);
        }
        return [.. seen.Values];
    }

    /// <summary>Starts the endpoints not sending yet, warms up, measures one step. Sending stops only after the last step.</summary>
    private async Task<StepResult> MeasureAsync(int step, int rooms, List<GeneratorWorker> workers, int endpointCount, MediaProfile profile,
        int? bridgePid, long? rssBefore, List<double> joinMs, List<double> connectMs, bool last, CancellationToken ct)
    {
        await Task.WhenAll(workers.Select(w => w.StartSendingAsync())).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds), ct).ConfigureAwait(false);
        await Task.WhenAll(workers.Select(w => w.ResetAsync())).ConfigureAwait(false);

        var started = Stopwatch.GetTimestamp();
        var bridgeCpu0 = bridgePid is { } pid ? ProcFs.ProcessCpuSeconds(pid) : null;
        var core0 = options.BridgeCore is { } core ? ProcFs.CoreBusySeconds(core) : null;
        var generatorCpu0 = ProcFs.ThreadsCpuSeconds("gen-");
        await Task.Delay(TimeSpan.FromSeconds(options.DurationSeconds), ct).ConfigureAwait(false);
        if (last)
        {
            foreach (var worker in workers)
            {
                worker.StopSending();
            }
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var bridgeCpu = bridgePid is { } pid1 && bridgeCpu0 is { } b0 ? ProcFs.ProcessCpuSeconds(pid1) - b0 : null;
        var coreBusy = options.BridgeCore is { } core1 && core0 is { } c0 ? ProcFs.CoreBusySeconds(core1) - c0 : null;
        var generatorCpu = ProcFs.ThreadsCpuSeconds("gen-") - generatorCpu0;
        var rss = bridgePid is { } pid2 ? ProcFs.ResidentBytes(pid2) : null;

        // Packets in flight when sending stopped still arrive and count; loss is judged within the sequence ranges seen.
        if (last)
        {
            await Task.Delay(Drain, ct).ConfigureAwait(false);
        }
        var snapshots = await Task.WhenAll(workers.Select(w => w.SnapshotAsync())).ConfigureAwait(false);
        var latency = new LatencyHistogram();
        foreach (var s in snapshots)
        {
            latency.Add(s.Latency);
        }
        long Sum(Func<WorkerSnapshot, long> f) => snapshots.Sum(f);
        var received = Sum(s => s.RtpReceived);
        var expected = Sum(s => s.Expected);
        var generatorPercent = 100 * generatorCpu / seconds;
        return new StepResult
        {
            Step = step,
            Rooms = rooms,
            Endpoints = endpointCount,
            Seconds = seconds,
            SentPacketsPerSecond = Sum(s => s.RtpSent) / seconds,
            ReceivedPacketsPerSecond = received / seconds,
            ReceivedMbps = Sum(s => s.BytesReceived) * 8 / seconds / 1e6,
            ExpectedPacketsPerSecond = rooms * ExpectedPerRoom(profile),
            LossPercent = expected == 0 ? 100 : 100.0 * Sum(s => s.Lost) / expected,
            Reordered = Sum(s => s.Reordered),
            LatencyP50Ms = latency.PercentileMs(0.50),
            LatencyP99Ms = latency.PercentileMs(0.99),
            LatencyP999Ms = latency.PercentileMs(0.999),
            PayloadChecked = Sum(s => s.PayloadChecked),
            PayloadMismatches = Sum(s => s.PayloadMismatches),
            FramesReceived = Sum(s => s.FramesReceived),
            KeyFramesReceived = Sum(s => s.KeyFramesReceived),
            KeyFrameRequests = Sum(s => s.KeyFrameRequests),
            PacketsPerSendCall = Sum(s => s.SendCalls) is > 0 and var calls ? (double)Sum(s => s.SendBatched) / calls : null,
            BridgeCpuPercent = bridgeCpu / seconds * 100,
            BridgeCoreBusyPercent = coreBusy / seconds * 100,
            ForwardedPerCpuSecond = bridgeCpu is > 0 ? received / bridgeCpu : null,
            ForwardedPerCoreBusySecond = coreBusy is > 0 ? received / coreBusy : null,
            BridgeRssBytes = rss,
            BridgeBytesPerEndpoint = rss is { } r && rssBefore is { } r0 ? (double)(r - r0) / endpointCount : null,
            GeneratorCpuPercent = generatorPercent,
            GeneratorHeadroom = generatorPercent > 0 ? options.Workers * 100 / generatorPercent : double.PositiveInfinity,
            JoinP50Ms = Median(joinMs),
            JoinMaxMs = joinMs.DefaultIfEmpty().Max(),
            ConnectMaxMs = connectMs.DefaultIfEmpty().Max(),
        };
    }

    private string Describe(string signalling, MediaProfile profile, bool server) => string.Create(CultureInfo.InvariantCulture,
        $"Signalling `{signalling}`{(server && options.BridgeCore is { } core ? $" (server pinned to core {core})" : "")}; up to {options.Rooms} rooms × {options.EndpointsPerRoom} endpoints ({options.Senders} sending) in {options.Steps} step(s); last-N {options.LastN}; SRTP {options.SrtpProfile}; endpoints on {options.LocalAddress}; each sends audio {profile.AudioPacketsPerSecond} pps × {profile.AudioPacketBytes} B and {(profile.VideoEncodings.Count == 0 ? "no video" : $"VP8 at {profile.VideoFrameRate} frames/s as {string.Join(" + ", profile.VideoEncodings.Select(e => $"{e.Bitrate / 1000} kbit/s {e.Width}×{e.Height}"))} in packets of at most {profile.VideoPacketBytes} bytes ({profile.VideoPacketsPerSecond:F0} pps sent; {profile.ForwardedVideoPacketsPerSecond:F0} pps of one sender's first encoding expected per receiver)")}; warm-up {options.WarmupSeconds} s, measured {options.DurationSeconds} s; {options.Workers} generator thread(s) sending with {(options.NoSendBatching ? "sendto" : "sendmmsg")}; {Environment.ProcessorCount} core(s) visible to the generator; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC.");

    private void ReportCounters(List<GeneratorWorker> workers, string? serverOutput)
    {
        foreach (var worker in workers)
        {
            var c = worker.Counters;
            log.WriteLine($"{worker.Name}: ICE failures {c.IceFailures}, DTLS failures {c.DtlsFailures}, datagrams in {c.DatagramsReceived} out {c.DatagramsSent}, unknown ufrag {c.DroppedUnknownUfrag}");
        }
        if (serverOutput is not null)
        {
            log.WriteLine("server output:\n" + serverOutput);
        }
    }

    /// <summary>Packets/s full forwarding delivers in one room: each receiver gets the audio of every other sender
    /// and one video encoding of at most last-N of them.</summary>
    private double ExpectedPerRoom(MediaProfile profile)
    {
        var total = 0.0;
        for (var k = 0; k < options.EndpointsPerRoom; k++)
        {
            var others = options.Senders - (k < options.Senders ? 1 : 0);
            var videos = options.LastN < 0 ? others : Math.Min(options.LastN, others);
            total += (others * profile.AudioPacketsPerSecond) + (videos * profile.ForwardedVideoPacketsPerSecond);
        }
        return total;
    }

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
