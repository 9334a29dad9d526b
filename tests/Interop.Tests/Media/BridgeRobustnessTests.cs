using System.Net;
using System.Net.Sockets;
using System.Xml.Linq;
using Jitsi.Net.Interop.Tests.Browser;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Interop.Tests.Processes;
using Jitsi.Net.Interop.Tests.Xmpp;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Interop.Tests.Media;

/// <summary>
/// While two Chromium pages keep a conference going through the real bridge process, the bridge gets malformed
/// colibri2 requests (each answered with its error), malformed bridge-channel messages over a page's WebSocket
/// (ignored, the connection kept) and a burst of random UDP datagrams on its media port (counted and dropped); both
/// pages still decode more frames afterwards.
/// </summary>
[Collection(ChromiumFixture.Collection)]
public sealed class BridgeRobustnessTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private static readonly XNamespace Colibri2 = "jitsi:colibri2";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(45);
    private readonly ProsodyFixture _prosody = new();
    private BridgeProcess? _bridge;

    public async Task InitializeAsync()
    {
        await _prosody.InitializeAsync();
        _bridge = await BridgeProcess.StartAsync(_prosody, "jvb-robust-1");
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
    public async Task BadColibri2BridgeChannelAndUdpInput_LeaveTheConferenceForwarding()
    {
        var bridge = _bridge!;
        await using var conference = await BridgeConference.StartAsync(_prosody, bridge, chromium);
        await conference.WaitForMediaAsync(bridge, Bound);

        await SendBadColibri2Async(conference);
        await SendBadBridgeChannelMessagesAsync(bridge, conference);
        await SendRandomDatagramsAsync(bridge, conference.MediaPort);

        await conference.WaitForMediaAsync(bridge, Bound);
    }

    private async Task SendBadColibri2Async(BridgeConference conference)
    {
        var meetingId = conference.MeetingId;
        var (first, second) = (conference.Pages[0].Id, conference.Pages[1].Id);
        var newEndpoint = () => new EndpointElement("cccc0003", create: true).AddCapability(Colibri2Capability.SourceNames);
        var cases = new (string Name, XElement Payload, StanzaErrorCondition Expected)[]
        {
            ("no meeting-id", new XElement(Colibri2 + "conference-modify"), StanzaErrorCondition.BadRequest),
            ("unknown meeting-id", new ConferenceModifyElement(Guid.NewGuid().ToString()).Add(new EndpointElement(first)).Element, StanzaErrorCondition.ItemNotFound),
            ("conference exists", new ConferenceModifyElement(meetingId, create: true).Element, StanzaErrorCondition.Conflict),
            ("unknown endpoint transport", Modify(meetingId, new EndpointElement("zzzz9999").Add(new TransportElement())), StanzaErrorCondition.ItemNotFound),
            ("unknown endpoint sources", Modify(meetingId, new EndpointElement("zzzz9999").Add(AudioSources("zzzz9999", 5))), StanzaErrorCondition.ItemNotFound),
            ("endpoint exists", Modify(meetingId, new EndpointElement(first, create: true).AddCapability(Colibri2Capability.SourceNames).Add(new TransportElement(iceControlling: true))), StanzaErrorCondition.Conflict),
            ("no source-names", Modify(meetingId, new EndpointElement("cccc0003", create: true).Add(new TransportElement(iceControlling: true))), StanzaErrorCondition.BadRequest),
            ("no transport", Modify(meetingId, newEndpoint()), StanzaErrorCondition.BadRequest),
            ("sctp", Modify(meetingId, newEndpoint().Add(new TransportElement(iceControlling: true).Add(new SctpElement()))), StanzaErrorCondition.FeatureNotImplemented),
            ("ssrc rewriting", Modify(meetingId, newEndpoint().AddCapability(Colibri2Capability.SsrcRewriting).Add(new TransportElement(iceControlling: true))), StanzaErrorCondition.FeatureNotImplemented),
            ("relay", new ConferenceModifyElement(meetingId).Add(new RelayElement("relay-1", create: true)).Element, StanzaErrorCondition.FeatureNotImplemented),
            ("two endpoints", Modify(meetingId, new EndpointElement(first).Add(new TransportElement()), new EndpointElement(second).Add(new TransportElement())), StanzaErrorCondition.FeatureNotImplemented),
            ("ssrc 0", Modify(meetingId, new EndpointElement(first).Add(AudioSources(first, 0))), StanzaErrorCondition.BadRequest),
            ("ssrc too large", SsrcTooLarge(meetingId, first), StanzaErrorCondition.BadRequest),
            ("fid of three", Modify(meetingId, new EndpointElement(first).Add(new SourcesElement(new MediaSourceElement(MediaType.Video, first + "-v0")
                .Add(new SourceElement(11, first + "-v0"), new SourceElement(12, first + "-v0"), new SourceElement(13, first + "-v0"),
                    new SourceGroupElement(SourceGroupElement.FlowId, [11u, 12u, 13u]))))), StanzaErrorCondition.BadRequest),
            ("group of unsignalled ssrcs", Modify(meetingId, new EndpointElement(first).Add(new SourcesElement(new MediaSourceElement(MediaType.Video, first + "-v0")
                .Add(new SourceElement(21, first + "-v0"), new SourceGroupElement(SourceGroupElement.FlowId, [21u, 22u]))))), StanzaErrorCondition.BadRequest),
            ("name not a jid", new ConferenceModifyElement(Guid.NewGuid().ToString(), "not a jid@@", create: true).Add(newEndpoint().Add(new TransportElement(iceControlling: true))).Element, StanzaErrorCondition.BadRequest),
            ("endpoint without id", new XElement(Colibri2 + "conference-modify", new XAttribute("meeting-id", meetingId), new XElement(Colibri2 + "endpoint")), StanzaErrorCondition.BadRequest),
            ("garbage payload", new XElement(XName.Get("garbage", "urn:example:garbage"), "\u00e9\u00e9"), StanzaErrorCondition.ServiceUnavailable),
        };
        foreach (var (name, payload, expected) in cases)
        {
            StanzaError? error = null;
            try
            {
                await conference.Focus.RequestAsync(new Iq(IqType.Get, conference.BridgeJid, payload));
            }
            catch (StanzaErrorException e)
            {
                error = e.Error;
            }
            Assert.True(expected == error?.Condition, $"{name}: {error?.Condition.ToString() ?? "no error"} ({error?.Text})");
        }

        // Not the focus: refused whatever it asks.
        await using var stranger = await XmppTestClients.ClientAsync(XmppTestClients.AnonymousOptions(_prosody));
        var refused = await Assert.ThrowsAsync<StanzaErrorException>(() => stranger.RequestAsync(new Iq(IqType.Get, conference.BridgeJid,
            new ConferenceModifyElement(meetingId).Add(new EndpointElement(first) { Expire = true }).Element)));
        Assert.Equal(StanzaErrorCondition.Forbidden, refused.Error.Condition);
    }

    private static async Task SendBadBridgeChannelMessagesAsync(BridgeProcess bridge, BridgeConference conference)
    {
        string[] messages =
        [
            "", "{", "[]", "null", "42", "\"text\"", "{}", "{\"colibriClass\":5}", "{\"colibriClass\":\"ReceiverVideoConstraints\",\"lastN\":\"many\"}",
            "{\"colibriClass\":\"ReceiverVideoConstraints\",\"constraints\":[1]}", "{\"colibriClass\":\"ReceiverVideoConstraints\",\"defaultConstraints\":{\"maxHeight\":\"tall\"}}",
            "{\"colibriClass\":\"EndpointMessage\",\"to\":5}", "{\"colibriClass\":\"LastNChangedEvent\"}",
            "{\"colibriClass\":\"ReceiverAudioSubscription\",\"mode\":\"Sometimes\"}", "{\"colibriClass\":\"SourceVideoTypeMessage\",\"videoType\":\"HOLOGRAM\"}",
            "{\"colibriClass\":\"ClientHello\",\"colibriClass\":\"ClientHello\"}", new string('[', 200) + new string(']', 200),
            "{\"colibriClass\":\"NoSuchClass\"}", "\u0000\u0001\u0002", "{\"colibriClass\":\"ReceiverVideoConstraints\",\"lastN\":1e400}",
        ];
        Assert.Equal(20, messages.Length);
        var before = await BridgeConference.MetricAsync(bridge, "jitsinet_bridge_channel_messages_");
        var page = conference.Pages[0].Peer.Page;
        var state = await page.EvaluateAsync<int>("messages => { for (const m of messages) window.bridgeChannel.send(m); return window.bridgeChannel.readyState; }", messages);
        Assert.Equal(1, state);
        await PollAsync(async () => await BridgeConference.MetricAsync(bridge, "jitsinet_bridge_channel_messages_") >= before + messages.Length);
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.bridgeChannel.readyState"));
    }

    private static async Task SendRandomDatagramsAsync(BridgeProcess bridge, int mediaPort)
    {
        const int Count = 500;
        var before = await BridgeConference.MetricAsync(bridge, "jitsinet_bridge_packets_dropped_total{layer=\"transport\"");
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(20261124);
        for (var i = 0; i < Count; i++)
        {
            var datagram = new byte[random.Next(1, 300)];
            random.NextBytes(datagram);
            await socket.SendAsync(datagram, new IPEndPoint(IPAddress.Loopback, mediaPort));
            if (i % 50 == 49)
            {
                // Paced so the socket buffer holds the burst: the point is the bridge's counting, not the kernel's.
                await Task.Delay(5);
            }
        }
        await PollAsync(async () => await BridgeConference.MetricAsync(bridge, "jitsinet_bridge_packets_dropped_total{layer=\"transport\"") >= before + Count);
    }

    private static XElement Modify(string meetingId, params EndpointElement[] endpoints)
    {
        var modify = new ConferenceModifyElement(meetingId);
        foreach (var endpoint in endpoints)
        {
            modify.Add(endpoint);
        }
        return modify.Element;
    }

    private static SourcesElement AudioSources(string endpointId, uint ssrc) =>
        new(new MediaSourceElement(MediaType.Audio, endpointId + "-a0").Add(new SourceElement(ssrc, endpointId + "-a0")));

    private static XElement SsrcTooLarge(string meetingId, string endpointId)
    {
        var payload = Modify(meetingId, new EndpointElement(endpointId).Add(AudioSources(endpointId, 1)));
        foreach (var source in payload.Descendants().Where(e => e.Name.LocalName == "source"))
        {
            source.SetAttributeValue("ssrc", "4294967296");
        }
        return payload;
    }

    private static async Task PollAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!await condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
