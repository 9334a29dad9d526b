using Jitsi.Net.Interop.Tests.Browser;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Interop.Tests.Processes;
using Jitsi.Net.Interop.Tests.Xmpp;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Interop.Tests.Media;

/// <summary>
/// The bridge as a focus drives it: a test-only focus (our XMPP layer as the focus component) sends colibri2 through
/// a real Prosody to the real Videobridge process, two real Chromium pages get plain SDP built from the answers, open
/// the bridge channel, ask for video, and each decodes the other's video and hears the other's audio.
/// </summary>
[Collection(ChromiumFixture.Collection)]
public sealed class BridgeConferenceTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly ProsodyFixture _prosody = new();
    private BridgeProcess? _bridge;

    public async Task InitializeAsync()
    {
        await _prosody.InitializeAsync();
        _bridge = await BridgeProcess.StartAsync(_prosody, "jvb-media-1");
    }

    public async Task DisposeAsync()
    {
        if (_bridge is not null)
        {
            await _bridge.DisposeAsync();
        }
        await _prosody.DisposeAsync();
    }

    [Fact]
    public async Task TwoChromiumPagesSeeAndHearEachOtherThroughTheBridge()
    {
        await using var focus = await XmppTestClients.ComponentAsync(_prosody);
        var bridgeJid = Jid.Parse($"{_prosody.Options.BridgeAccountJid}/{_bridge!.BridgeId}");
        var meetingId = Guid.NewGuid().ToString();
        var pages = new List<(string Id, ChromiumPeer Peer)>();
        foreach (var id in new[] { "aaaa0001", "bbbb0002" })
        {
            var create = new ConferenceModifyElement(meetingId, $"media@{_prosody.Options.MucDomain}", create: pages.Count == 0).Add(
                new EndpointElement(id, create: true, statsId: id).AddCapability(Colibri2Capability.SourceNames).Add(
                    new MediaElement(MediaType.Audio).Add(new PayloadTypeElement(111, "opus", 48000, 2)),
                    new MediaElement(MediaType.Video).Add(new PayloadTypeElement(100, "VP8", 90000, null), new PayloadTypeElement(96, "rtx", 90000, null).AddParameter("apt", "100")),
                    new TransportElement(iceControlling: true)));
            var reply = await focus.RequestAsync(new Iq(IqType.Get, bridgeJid, create.Element));
            var ice = new ConferenceModifiedElement(reply.Payload!).Endpoint(id)!.Transport!.IceUdp!;
            var candidate = ice.Candidates.First();
            var peer = await ChromiumPeer.OpenAsync(await chromium.NewPageAsync());
            var answer = PlainSdp.ParseAnswer(await peer.AnswerAsync(PlainSdp.Offer(new BridgeOffer(ice.Ufrag!, ice.Pwd!, ice.Fingerprint!.Value,
                candidate.Ip!, candidate.Port!.Value))));
            await focus.RequestAsync(new Iq(IqType.Get, bridgeJid, new ConferenceModifyElement(meetingId).Add(
                new EndpointElement(id).Add(new TransportElement().Add(ClientTransport(answer)), ClientSources(id, answer))).Element));
            await peer.OpenBridgeChannelAsync(ice.WebSockets.Single().Url!);
            pages.Add((id, peer));
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        var start = new Dictionary<string, long>();
        while (true)
        {
            var done = true;
            foreach (var (id, peer) in pages)
            {
                var (frames, energy, states) = await peer.ReceivedAsync();
                Assert.False(states.Contains("ice:failed", StringComparison.Ordinal), $"{id}: ICE failed ({states})\n{_bridge.Output}");
                if (frames > 0 && !start.ContainsKey(id))
                {
                    start[id] = frames;
                }
                done &= start.TryGetValue(id, out var first) && frames > first + 30 && energy > 0;
            }
            if (done)
            {
                break;
            }
            await Task.Delay(250, timeout.Token);
        }
    }

    private static IceUdpTransportElement ClientTransport(PeerAnswer answer)
    {
        var ice = new IceUdpTransportElement(answer.Ufrag, answer.Pwd);
        var n = 0;
        foreach (var (address, port, priority, foundation) in answer.Candidates)
        {
            ice.Add(new CandidateElement
            {
                Component = 1, Foundation = foundation, Generation = 0, Id = $"c{n++}", Ip = address, Network = 0,
                Port = port, Priority = priority, Protocol = "udp", Type = "host",
            });
        }
        ice.Add(new FingerprintElement(answer.FingerprintHash, answer.Setup, answer.Fingerprint));
        return ice;
    }

    /// <summary>The page's SSRCs as colibri2 sources (PROTOCOL.md §3.3): audio, and video with its RTX in a FID group.</summary>
    private static SourcesElement ClientSources(string id, PeerAnswer answer)
    {
        var video = new MediaSourceElement(MediaType.Video, id + "-v0").Add(new SourceElement(answer.VideoSsrc!.Value, id + "-v0"));
        if (answer.VideoRtxSsrc is { } rtx)
        {
            video.Add(new SourceElement(rtx, id + "-v0"), new SourceGroupElement(SourceGroupElement.FlowId, [answer.VideoSsrc.Value, rtx]));
        }
        return new SourcesElement(new MediaSourceElement(MediaType.Audio, id + "-a0").Add(new SourceElement(answer.AudioSsrc!.Value, id + "-a0")), video);
    }
}
