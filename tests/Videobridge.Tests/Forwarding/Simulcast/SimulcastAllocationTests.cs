using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.Videobridge.Http.BridgeChannel;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Forwarding.Simulcast;

/// <summary>The simulcast packet path — measuring, projecting, switching at a key frame, asking for one — allocates
/// nothing per packet once the allocation has run. Receivers' transports are not connected, so sends stop there.</summary>
public sealed class SimulcastAllocationTests : IDisposable
{
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly Worker _worker;

    public SimulcastAllocationTests() => _worker = new Worker("bridge", WorkerHarness.LoopbackOptions(), _certificate);

    public void Dispose()
    {
        _worker.Dispose();
        _certificate.Dispose();
    }

    [Fact]
    public void ProjectingAndSwitching_AllocateNothingPerPacket()
    {
        var time = new FakeTimeProvider();
        var counters = new ForwardingCounters();
        var conference = new Conference("meeting", null, time);
        var router = new ConferenceRouter(conference.FeedbackVideoSsrc, counters, time);
        var sender = Media(conference, router, "sender");
        var receivers = new[] { Media(conference, router, "r1"), Media(conference, router, "r2") };
        _worker.RunPosted();
        uint[] sim = [0x1000, 0x1001, 0x1002];
        Assert.True(EndpointSourceSet.TryCreate(
            [new SourceDescription("sender", MediaType.Video, "sender-v0", sim, [new SsrcGroup(SourceGroupElement.Simulcast, sim)])], out var sources, out _));
        sender.Sources = SourceTable.From(sources);
        sender.VideoCodecs.Add(100, "VP8");
        foreach (var receiver in receivers)
        {
            receiver.Endpoint.ApplyConstraints(new(null, null, null, null, null, null));
        }
        var random = new Random(9);
        var simulcast = new Vp8Simulcast(random, sim[0]);
        var frames = Enumerable.Range(0, 60).Select(_ => simulcast.NextFrame(random).Select(p => Vp8Simulcast.Rtp(p)).ToArray()).ToList();
        simulcast.RequestKeyFrame(2);
        frames.AddRange(Enumerable.Range(0, 30).Select(_ => simulcast.NextFrame(random).Select(p => Vp8Simulcast.Rtp(p)).ToArray()));
        var buffer = new byte[1600];
        router.Events.Evaluate(time.GetTimestamp());
        Run(router, sender, frames[..30], buffer, time);
        router.Events.Evaluate(time.GetTimestamp());
        Run(router, sender, frames[30..40], buffer, time);
        receivers[1].Endpoint.ApplyConstraints(new(null, null, null, new VideoConstraints(-1, -1), null, null));
        router.Events.Evaluate(time.GetTimestamp());
        // A receiver's own key-frame request first: the per-source request time toward the sender is then recorded.
        router.Rtcp.OnKeyframeRequest(receivers[0], sim[0]);
        time.Advance(TimeSpan.FromMilliseconds(250));
        var forwardedBefore = counters.RtpForwarded;
        var measured = frames[40..];

        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(router, sender, measured, buffer, time);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(2, receivers[1].Projections[sim[0]].CurrentEncoding);
        Assert.Equal(0, receivers[0].Projections[sim[0]].CurrentEncoding);
        Assert.True(counters.KeyframeRequestsForSwitch >= 1);
        Assert.Equal(0, counters.RtpForwarded - forwardedBefore); // nothing connected: sends stop at the transport
    }

    private static void Run(ConferenceRouter router, EndpointMedia sender, List<byte[][]> frames, byte[] buffer, FakeTimeProvider time)
    {
        foreach (var frame in frames)
        {
            foreach (var packet in frame)
            {
                packet.CopyTo(buffer, 0);
                router.Route(sender, buffer.AsSpan(0, packet.Length));
            }
            time.Advance(TimeSpan.FromMilliseconds(33));
        }
    }

    private EndpointMedia Media(Conference conference, ConferenceRouter router, string id)
    {
        var media = new EndpointMedia(new Endpoint(conference, id, null), router);
        media.Transport = _worker.CreateEndpoint(id, media);
        router.Add(media);
        return media;
    }
}
