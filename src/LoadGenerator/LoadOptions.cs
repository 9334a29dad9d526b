namespace Jitsi.Net.LoadGenerator;

/// <summary>One run as the operator asked for it, validated by <see cref="Program"/>. Immutable.</summary>
internal sealed record LoadOptions
{
    public const int MaxEndpoints = 1_000;
    public const int MaxSeconds = 600;

    public int Rooms { get; init; } = 2;

    public int EndpointsPerRoom { get; init; } = 3;

    /// <summary>Seconds measured in each step.</summary>
    public int DurationSeconds { get; init; } = 10;

    /// <summary>Steps of the ramp: step k of n holds ceil(k·rooms/n) rooms.</summary>
    public int Steps { get; init; } = 1;

    public int WarmupSeconds { get; init; } = 1;

    public int VideoBitrateKbps { get; init; } = 1_000;

    /// <summary>Generator threads, each one Worker with one UDP socket.</summary>
    public int Workers { get; init; } = 1;

    public string OutputDirectory { get; init; } = "load-results";

    /// <summary>Endpoints talk to an in-process loopback forwarder instead of a bridge.</summary>
    public bool SelfLoop { get; init; }

    /// <summary>Start a private Prosody and Videobridge on loopback for this run.</summary>
    public bool StartStack { get; init; }

    public string XmppHost { get; init; } = "127.0.0.1";

    public int ComponentPort { get; init; } = 5347;

    public string Domain { get; init; } = "meet.localhost";

    public string? ComponentSecret { get; init; }

    /// <summary>The bridge's resource in <c>jvb@auth.&lt;domain&gt;/&lt;id&gt;</c>.</summary>
    public string BridgeId { get; init; } = "jvb1";

    /// <summary>The bridge's process id, for CPU and memory; the private stack's when it is started here.</summary>
    public int? BridgePid { get; init; }

    /// <summary>The core the bridge is pinned to (taskset); its busy time is reported.</summary>
    public int? BridgeCore { get; init; }

    public int Endpoints => Rooms * EndpointsPerRoom;

    /// <summary>Null when valid, else what is wrong.</summary>
    public string? Validate() =>
        Rooms < 1 ? "--rooms must be at least 1"
        : EndpointsPerRoom is < 2 or > 100 ? "--endpoints-per-room must be 2..100"
        : Endpoints > MaxEndpoints ? $"at most {MaxEndpoints} endpoints in one run"
        : DurationSeconds is < 1 or > MaxSeconds ? $"--duration must be 1..{MaxSeconds} seconds"
        : Steps < 1 || Steps > Rooms ? "--steps must be 1..rooms"
        : Steps * (DurationSeconds + WarmupSeconds) > MaxSeconds ? $"steps × (duration + warm-up) must stay within {MaxSeconds} seconds"
        : WarmupSeconds is < 0 or > 60 ? "--warmup must be 0..60 seconds"
        : VideoBitrateKbps is < 0 or > 20_000 ? "--video-kbps must be 0..20000"
        : Workers is < 1 or > 16 ? "--workers must be 1..16"
        : !SelfLoop && !StartStack && string.IsNullOrEmpty(ComponentSecret) ? "--component-secret is needed unless --start-stack or --self-loop"
        : SelfLoop && StartStack ? "--self-loop and --start-stack exclude each other"
        : null;
}
