using BenchmarkDotNet.Attributes;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Benchmarks;

/// <summary>
/// <c>ConferenceRouter.Route</c> of one packet — a 1,200-byte VP8 frame or a 100-byte audio packet — that is
/// forwarded to 1, 10 and 50 receivers (<see cref="RouteFanOut"/>: receivers evaluated, sequence numbers and
/// timestamps increasing, a key frame first): parse, source lookup, loss and statistics bookkeeping, extension strip,
/// the retransmission cache (video), and per receiver the projection (video), the copy, SRTP protect
/// (AEAD_AES_128_GCM) and the send call, whose delegate discards. Divide the mean by <see cref="Receivers"/> for the
/// cost per forwarded packet. <c>RouteFanOutTests</c> checks that this setup forwards every packet.
/// </summary>
[MemoryDiagnoser]
public class RouteBenchmarks
{
    private RouteFanOut _fanOut = null!;

    [Params(1, 10, 50)]
    public int Receivers { get; set; }

    [Params(MediaType.Audio, MediaType.Video)]
    public MediaType Media { get; set; }

    [GlobalSetup]
    public void Setup() => _fanOut = new RouteFanOut(Receivers, Media);

    [GlobalCleanup]
    public void Cleanup()
    {
        var counters = _fanOut.Counters;
        // A benchmark that stopped forwarding would measure a drop path: say so loudly.
        if (counters.RtpForwarded == 0 || counters.DroppedNotSelected + counters.DroppedSimulcastLayer + counters.DroppedDuplicate > 0)
        {
            throw new InvalidOperationException($"the setup did not forward: {counters.RtpForwarded} forwarded");
        }
        _fanOut.Dispose();
    }

    [Benchmark]
    public void Route() => _fanOut.RouteNext();
}
