using System.Net;
using Jitsi.Net.Videobridge.Transport.Srtp;

namespace Jitsi.Net.LoadGenerator;

/// <summary>One run as the operator asked for it, validated by <see cref="Program"/>. Immutable.</summary>
internal sealed record LoadOptions
{
    public const int MaxEndpoints = 1_000;
    public const int MaxSeconds = 600;

    public int Rooms { get; init; } = 2;

    public int EndpointsPerRoom { get; init; } = 3;

    /// <summary>Endpoints in each room that send (the first ones); the others only receive. Null: all of them.</summary>
    public int? SendersPerRoom { get; init; }

    /// <summary>Seconds measured in each step.</summary>
    public int DurationSeconds { get; init; } = 10;

    /// <summary>Steps of the ramp: step k of n holds ceil(k·rooms/n) rooms.</summary>
    public int Steps { get; init; } = 1;

    public int WarmupSeconds { get; init; } = 1;

    public int VideoBitrateKbps { get; init; } = 1_000;

    /// <summary>Three VP8 encodings (150 / 500 / 2,500 kbit/s) in a SIM group instead of one at <see cref="VideoBitrateKbps"/>.</summary>
    public bool Simulcast { get; init; }

    /// <summary>One <c>sendto</c> per packet instead of a <c>sendmmsg</c> per endpoint and tick (for before/after runs).</summary>
    public bool NoSendBatching { get; init; }

    /// <summary>Video of at most this many senders per receiver (the bridge's last-N; with Janus, the subscription);
    /// -1: all.</summary>
    public int LastN { get; init; } = -1;

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

    /// <summary>With <see cref="StartStack"/>: start the Focus too and join every endpoint through it (XMPP client, MUC,
    /// Jingle) instead of driving the bridge with colibri2.</summary>
    public bool Full { get; init; }

    /// <summary>Start Janus (VideoRoom + HTTP) for this run and drive it instead of our bridge.</summary>
    public bool StartJanus { get; init; }

    /// <summary>A running Janus's HTTP API (e.g. <c>http://198.18.0.1:8088/janus</c>).</summary>
    public Uri? JanusUrl { get; init; }

    /// <summary>The address the endpoints' sockets bind to and signal; Prosody of the private stack listens there too.</summary>
    public IPAddress LocalAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The address the server started here (bridge or Janus) listens on.</summary>
    public IPAddress ServerAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The network namespace the server started here runs in (<c>ip netns exec</c>); null: this one.</summary>
    public string? ServerNetns { get; init; }

    /// <summary>The one SRTP protection profile the endpoints offer in DTLS, so every server runs the same cipher.</summary>
    public SrtpProtectionProfile SrtpProfile { get; init; } = SrtpProtectionProfile.AeadAes128Gcm;

    public int Endpoints => Rooms * EndpointsPerRoom;

    public int Senders => SendersPerRoom ?? EndpointsPerRoom;

    public bool Janus => StartJanus || JanusUrl is not null;

    /// <summary>Null when valid, else what is wrong.</summary>
    public string? Validate() =>
        Rooms < 1 ? "--rooms must be at least 1"
        : EndpointsPerRoom is < 2 or > 250 ? "--endpoints-per-room must be 2..250"
        : SendersPerRoom is { } senders && (senders < 1 || senders > EndpointsPerRoom) ? "--senders-per-room must be 1..endpoints-per-room"
        : Endpoints > MaxEndpoints ? $"at most {MaxEndpoints} endpoints in one run"
        : DurationSeconds is < 1 or > MaxSeconds ? $"--duration must be 1..{MaxSeconds} seconds"
        : Steps < 1 || Steps > Rooms ? "--steps must be 1..rooms"
        : Steps * (DurationSeconds + WarmupSeconds) > MaxSeconds ? $"steps × (duration + warm-up) must stay within {MaxSeconds} seconds"
        : WarmupSeconds is < 0 or > 60 ? "--warmup must be 0..60 seconds"
        : VideoBitrateKbps is < 0 or > 20_000 ? "--video-kbps must be 0..20000"
        : LastN < -1 ? "--last-n must be -1 (all) or more"
        : Workers is < 1 or > 16 ? "--workers must be 1..16"
        : !SelfLoop && !StartStack && !Janus && string.IsNullOrEmpty(ComponentSecret) ? "--component-secret is needed unless --start-stack, --self-loop or Janus"
        : (SelfLoop ? 1 : 0) + (StartStack ? 1 : 0) + (Janus ? 1 : 0) > 1 ? "--self-loop, --start-stack and Janus (--start-janus, --janus-url) exclude each other"
        : Full && !StartStack ? "--full needs --start-stack"
        : StartJanus && JanusUrl is not null ? "--start-janus and --janus-url exclude each other"
        : LocalAddress.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork ? "--local-address must be IPv4"
        : null;
}
