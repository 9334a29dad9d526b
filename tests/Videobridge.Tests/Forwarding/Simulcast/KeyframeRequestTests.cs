using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Forwarding.Simulcast;

/// <summary>PROTOCOL.md §6.4 limits on receivers' PLI/FIR: per (receiver, source) one per 200 ms and three per 10 s,
/// and toward the sender one per source per 200 ms whichever receiver asks.</summary>
public sealed class KeyframeRequestTests
{
    private const uint FirstSsrc = 0x1000;
    private readonly FakeTimeProvider _time = new();
    private readonly ForwardingCounters _counters = new();
    private readonly ConferenceRouter _router;
    private readonly EndpointMedia[] _receivers;

    public KeyframeRequestTests()
    {
        var conference = new Conference("meeting", null, _time);
        _router = new ConferenceRouter(1, _counters, _time);
        var sender = new EndpointMedia(new Endpoint(conference, "sender", null), _router);
        uint[] sim = [FirstSsrc, FirstSsrc + 1, FirstSsrc + 2];
        Assert.True(EndpointSourceSet.TryCreate(
            [new SourceDescription("sender", MediaType.Video, "sender-v0", sim, [new SsrcGroup(SourceGroupElement.Simulcast, sim)])], out var sources, out _));
        sender.Sources = SourceTable.From(sources);
        _router.Add(sender);
        _receivers = [new EndpointMedia(new Endpoint(conference, "r1", null), _router), new EndpointMedia(new Endpoint(conference, "r2", null), _router)];
        foreach (var receiver in _receivers)
        {
            receiver.Endpoint.ApplyConstraints(new(null, null, null, null, null, null));
            _router.Add(receiver);
        }
        _router.Events.Evaluate(_time.GetTimestamp());
    }

    [Fact]
    public void SecondReceiverWithin200Ms_IsLimitedTowardTheSender_ThenAllowed()
    {
        Request(0);
        Assert.Equal(0, _counters.KeyframeRequestsRateLimited);
        Request(1);
        Assert.Equal(1, _counters.KeyframeRequestsRateLimited);
        _time.Advance(TimeSpan.FromMilliseconds(210));
        Request(1);
        Assert.Equal(1, _counters.KeyframeRequestsRateLimited);
    }

    [Fact]
    public void OneReceiver_GetsThreeRequestsPer10Seconds()
    {
        var limitedBefore = 0L;
        var passed = 0;
        for (var i = 0; i < 20; i++)
        {
            Request(0);
            passed += _counters.KeyframeRequestsRateLimited == limitedBefore ? 1 : 0;
            limitedBefore = _counters.KeyframeRequestsRateLimited;
            _time.Advance(TimeSpan.FromMilliseconds(250));
        }
        Assert.Equal(3, passed); // 20 requests over 5 s
    }

    private void Request(int receiver) => _router.Rtcp.OnKeyframeRequest(_receivers[receiver], FirstSsrc);
}
