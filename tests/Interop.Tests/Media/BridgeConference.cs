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
/// A two-page conference on the real bridge process, as a focus drives it: a test-only focus (our XMPP layer as the
/// focus component) sends colibri2 through Prosody, two Chromium pages get plain SDP built from the answers (with
/// audio level, abs-send-time and transport-cc, so the bridge's per-hop stamping and feedback are exercised), open
/// the bridge channel and ask for video. <see cref="WaitForMediaAsync"/> waits until each page decodes more of the other's
/// video and hears its audio.
/// </summary>
internal sealed class BridgeConference(XmppSession focus, Jid bridgeJid, string meetingId, IReadOnlyList<(string Id, ChromiumPeer Peer)> pages, int mediaPort)
    : IAsyncDisposable
{
    private static HeaderExtensionElement AbsSendTime => new(PlainSdp.AbsSendTimeId, "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");

    private static HeaderExtensionElement TransportCc => new(PlainSdp.TransportCcId, "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");

    public XmppSession Focus { get; } = focus;

    public Jid BridgeJid { get; } = bridgeJid;

    public string MeetingId { get; } = meetingId;

    public IReadOnlyList<(string Id, ChromiumPeer Peer)> Pages { get; } = pages;

    /// <summary>The bridge's UDP media port (its candidate's).</summary>
    public int MediaPort { get; } = mediaPort;

    public static async Task<BridgeConference> StartAsync(ProsodyFixture prosody, BridgeProcess bridge, ChromiumFixture chromium)
    {
        var focus = await XmppTestClients.ComponentAsync(prosody);
        var bridgeJid = Jid.Parse($"{prosody.Options.BridgeAccountJid}/{bridge.BridgeId}");
        var meetingId = Guid.NewGuid().ToString();
        var pages = new List<(string Id, ChromiumPeer Peer)>();
        var mediaPort = 0;
        foreach (var id in new[] { "aaaa0001", "bbbb0002" })
        {
            var create = new ConferenceModifyElement(meetingId, $"media@{prosody.Options.MucDomain}", create: pages.Count == 0).Add(
                new EndpointElement(id, create: true, statsId: id).AddCapability(Colibri2Capability.SourceNames).Add(
                    new MediaElement(MediaType.Audio).Add(new PayloadTypeElement(111, "opus", 48000, 2),
                        new HeaderExtensionElement(PlainSdp.AudioLevelId, "urn:ietf:params:rtp-hdrext:ssrc-audio-level"), AbsSendTime, TransportCc),
                    new MediaElement(MediaType.Video).Add(new PayloadTypeElement(100, "VP8", 90000, null), new PayloadTypeElement(96, "rtx", 90000, null).AddParameter("apt", "100"),
                        AbsSendTime, TransportCc),
                    new TransportElement(iceControlling: true)));
            var reply = await focus.RequestAsync(new Iq(IqType.Get, bridgeJid, create.Element));
            var ice = new ConferenceModifiedElement(reply.Payload!).Endpoint(id)!.Transport!.IceUdp!;
            var candidate = ice.Candidates.First();
            mediaPort = candidate.Port!.Value;
            var peer = await ChromiumPeer.OpenAsync(await chromium.NewPageAsync());
            var answer = PlainSdp.ParseAnswer(await peer.AnswerAsync(PlainSdp.Offer(new BridgeOffer(ice.Ufrag!, ice.Pwd!, ice.Fingerprint!.Value,
                candidate.Ip!, candidate.Port!.Value, HeaderExtensions: true))));
            await focus.RequestAsync(new Iq(IqType.Get, bridgeJid, new ConferenceModifyElement(meetingId).Add(
                new EndpointElement(id).Add(new TransportElement().Add(ClientTransport(answer)), ClientSources(id, answer))).Element));
            await peer.OpenBridgeChannelAsync(ice.WebSockets.Single().Url!);
            pages.Add((id, peer));
        }
        return new BridgeConference(focus, bridgeJid, meetingId, pages, mediaPort);
    }

    /// <summary>Polls (bounded) until each page decoded 30 more frames than when this was called and has audio energy.</summary>
    public async Task WaitForMediaAsync(BridgeProcess bridge, TimeSpan bound)
    {
        using var timeout = new CancellationTokenSource(bound);
        var start = new Dictionary<string, long>();
        while (true)
        {
            var done = true;
            foreach (var (id, peer) in Pages)
            {
                var (frames, energy, states) = await peer.ReceivedAsync();
                Assert.False(states.Contains("ice:failed", StringComparison.Ordinal), $"{id}: ICE failed ({states})\n{bridge.Output}");
                if (frames > 0 && !start.ContainsKey(id))
                {
                    start[id] = frames;
                }
                done &= start.TryGetValue(id, out var first) && frames > first + 30 && energy > 0;
            }
            if (done)
            {
                return;
            }
            await Task.Delay(250, timeout.Token);
        }
    }

    public ValueTask DisposeAsync() => Focus.DisposeAsync();

    /// <summary>The sum of the samples whose line starts with <paramref name="prefix"/> in the bridge's /metrics.</summary>
    public static async Task<double> MetricAsync(BridgeProcess bridge, string prefix)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var text = await http.GetStringAsync($"{bridge.BaseUrl}/metrics");
        return text.Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
            .Sum(l => double.Parse(l[(l.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
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
