using System.Buffers.Binary;
using Jitsi.Net.Videobridge.Conferences;
using Jitsi.Net.Videobridge.Forwarding;
using GenericNack = Jitsi.Net.Videobridge.Rtcp.GenericNack;
using Jitsi.Net.Videobridge.Rtp;
using Jitsi.Net.Videobridge.Tests.Transport.Srtp;
using Jitsi.Net.Videobridge.Transport.Dtls;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Microsoft.Extensions.Time.Testing;

namespace Jitsi.Net.Videobridge.Tests.Forwarding;

/// <summary>The conference's packet path on the Worker thread: per-hop state (statistics, transport-cc arrivals, the
/// retransmission cache, per-receiver transport-wide numbering), RTX from a sender dropped, and nothing allocated
/// per forwarded packet. Receivers' transports are not connected here, so sends stop at the transport.</summary>
public sealed class ConferenceRouterTests : IDisposable
{
    private const uint Audio = 0x0A0A;
    private const uint Video = 0x0B0B;
    private const uint VideoRtx = 0x0C0C;
    private readonly DtlsCertificate _certificate = DtlsCertificate.Generate();
    private readonly Worker _worker;
    private readonly FakeTimeProvider _time = new();
    private readonly ForwardingCounters _counters = new();
    private readonly ConferenceRouter _router;
    private readonly EndpointMedia _sender;
    private readonly EndpointMedia[] _receivers;

    public ConferenceRouterTests()
    {
        _worker = new Worker("bridge", WorkerHarness.LoopbackOptions(), _certificate);
        var conference = new Conference("meeting", null, _time);
        _router = new ConferenceRouter(conference.FeedbackVideoSsrc, _counters, _time);
        _sender = Media(conference, "sender");
        _receivers = [Media(conference, "r1"), Media(conference, "r2")];
        _worker.RunPosted();
        Assert.True(EndpointSourceSet.TryCreate(
        [
            new SourceDescription("sender", MediaType.Audio, "sender-a0", [Audio], []),
            new SourceDescription("sender", MediaType.Video, "sender-v0", [Video, VideoRtx], [new SsrcGroup(SourceGroupElement.FlowId, [Video, VideoRtx])]),
        ], out var sources, out _));
        _sender.Sources = SourceTable.From(sources);
        _sender.TransportCcId = 5;
        _sender.RtxPayloadTypes.Add(96, 100);
        foreach (var receiver in _receivers)
        {
            receiver.TransportCcId = 5;
            receiver.Endpoint.ApplyConstraints(new(null, null, null, null, null, null));
        }
        _router.Events.Evaluate(_time.GetTimestamp());
    }

    public void Dispose()
    {
        _worker.Dispose();
        _certificate.Dispose();
    }

    [Fact]
    public void ForwardedPackets_FeedStatisticsCacheAndTransportCc_WithoutAllocating()
    {
        var packets = Enumerable.Range(0, 400).Select(i => Packet(i % 2 == 0 ? Video : Audio, (ushort)i, (ushort)(1000 + i))).ToArray();
        var buffer = new byte[1600];

        Run(packets.AsSpan(0, 200), buffer);
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(packets.AsSpan(200, 200), buffer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(200, _sender.Received[Video].Received);
        Assert.Equal(200, _sender.Received[Audio].Received);
        Assert.True(_sender.TransportCc.HasPending);
        Assert.True(_router.Cache.TryGet(Video, 398, _time.GetTimestamp(), out var cached));
        Assert.True(RtpPacket.TryParse(cached, out var kept));
        Assert.False(kept.HasExtension);
        Assert.False(_router.Cache.TryGet(Audio, 399, _time.GetTimestamp(), out _));
        // Each receiver numbers its own hop from 0, one per packet sent toward it.
        foreach (var receiver in _receivers)
        {
            Assert.Equal(400, receiver.NextTransportSequence());
        }
    }

    [Fact]
    public void SenderRtx_OfNothingMissing_IsDropped()
    {
        var original = Packet(Video, 77, 1);
        Assert.True(RtpPacket.TryParse(original, out var parsed));
        var rtx = new byte[1600];
        Assert.True(Rtx.TryWrap(parsed, rtx, VideoRtx, 96, 5, out var rtxLength));

        _router.Route(_sender, rtx.AsSpan(0, rtxLength));

        // Nothing was missing: the bridge did not ask for it.
        Assert.False(_router.Cache.TryGet(Video, 77, _time.GetTimestamp(), out _));
        Assert.Equal(1, _counters.DroppedRtxDuplicate);
        Assert.False(_sender.Received.ContainsKey(VideoRtx));
        Assert.Equal(0, _receivers[0].NextTransportSequence());
    }

    [Fact]
    public void ExcludedAudio_IsNotForwarded()
    {
        _receivers[1].Endpoint.AudioSubscription = new(All: true, Include: [], Exclude: ["sender-a0"]);
        _router.Events.Evaluate(_time.GetTimestamp());

        _router.Route(_sender, Packet(Audio, 1, 1));

        Assert.Equal(1, _counters.DroppedNotSelected);
        Assert.Equal(1, _receivers[0].NextTransportSequence());
        Assert.Equal(0, _receivers[1].NextTransportSequence());
    }

    [Fact]
    public void NackForAnEvictedPacket_IsCountedUnserved()
    {
        for (var i = 0; i <= RetransmissionCache.DefaultCapacity; i++)
        {
            _router.Route(_sender, Packet(Video, (ushort)i, (ushort)i));
        }
        var nack = new byte[64];
        Assert.True(GenericNack.TryWrite(nack, 0xAAAA, Video, [0], out var length));

        _router.OnRtcp(_receivers[0], nack.AsSpan(0, length));

        Assert.Equal(1, _counters.NacksReceived);
        Assert.Equal(1, _counters.NackedPacketsUnserved);
        Assert.Equal(0, _counters.NackedPacketsServed);
        Assert.True(_router.Cache.TryGet(Video, 1, _time.GetTimestamp(), out _));
    }

    private void Run(ReadOnlySpan<byte[]> packets, byte[] buffer)
    {
        foreach (var packet in packets)
        {
            packet.CopyTo(buffer, 0);
            _router.Route(_sender, buffer.AsSpan(0, packet.Length));
            _time.Advance(TimeSpan.FromMilliseconds(10));
        }
    }

    private EndpointMedia Media(Conference conference, string id)
    {
        var media = new EndpointMedia(new Endpoint(conference, id, null), _router);
        media.Transport = _worker.CreateEndpoint(id, media);
        _router.Add(media);
        return media;
    }

    /// <summary>An RTP packet with payload type 100 carrying a transport-wide sequence number (id 5).</summary>
    private static byte[] Packet(uint ssrc, ushort sequenceNumber, ushort transportSequence)
    {
        var buffer = new byte[1600];
        var plain = SrtpPackets.Rtp(ssrc, sequenceNumber, 200);
        plain[1] = 100;
        plain.CopyTo(buffer, 0);
        Span<byte> value = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(value, transportSequence);
        Assert.True(RtpHeaderExtensions.TryAdd(buffer, plain.Length, 5, value, out var length));
        return buffer[..length];
    }
}
