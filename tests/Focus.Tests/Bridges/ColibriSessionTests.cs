using System.Collections.Concurrent;
using System.Xml.Linq;
using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.Focus.Conferences;
using Jitsi.Net.Focus.Jingle;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jitsi.Net.Focus.Tests.Bridges;

/// <summary>The colibri2 requests the focus sends and how it reads the answers (PROTOCOL.md §3).</summary>
public sealed class ColibriSessionTests
{
    private static readonly XNamespace C2 = Namespaces.Colibri2;
    private readonly IQCaller _caller = new(null, TimeSpan.FromMilliseconds(200));
    private readonly Bridge _bridge = new("jvb1", Jid.Parse("jvbbrewery@internal.auth.meet.localhost/jvb1"), Jid.Parse("jvb@auth.meet.localhost/jvb1"));
    private readonly BridgeAnswers _answers;
    private readonly ColibriSession _session;

    public ColibriSessionTests()
    {
        _answers = new BridgeAnswers(_caller);
        _session = new ColibriSession(_bridge, "0d6c0f7e-2b0f-4c35-9a1e-3c7c1a3b9e11", "standup@conference.meet.localhost", _answers, _caller, 20,
            NullLogger<ColibriSession>.Instance);
    }

    private static MediaOffer Offer => new(new FocusConferenceSettings(), ParticipantFeatures.Default);

    [Fact]
    public async Task TheFirstAllocationCreatesTheConferenceOneEndpointPerRequest()
    {
        var allocation = await _session.AllocateAsync("abcd1234", "Dominic-8Ep", Offer);
        await _session.AllocateAsync("bbbb0002", null, Offer);

        var (first, second) = (_answers.Requests.First(), _answers.Requests.Last());
        Assert.Equal(IqType.Get, first.Type);
        Assert.Equal(_bridge.RealJid, first.To);
        var modify = first.Payload!;
        Assert.Equal(C2 + "conference-modify", modify.Name);
        Assert.True(Guid.TryParse((string?)modify.Attribute("meeting-id"), out _));
        Assert.Equal("standup@conference.meet.localhost", (string?)modify.Attribute("name"));
        Assert.Equal("true", (string?)modify.Attribute("create"));
        var endpoint = Assert.Single(modify.Elements(C2 + "endpoint"));
        Assert.Equal(("abcd1234", "true", "Dominic-8Ep"), ((string?)endpoint.Attribute("id"), (string?)endpoint.Attribute("create"), (string?)endpoint.Attribute("stats-id")));
        Assert.Equal(["source-names"], endpoint.Elements(C2 + "capability").Select(c => (string?)c.Attribute("name")));
        var media = endpoint.Elements(C2 + "media").ToList();
        Assert.Equal(["audio", "video"], media.Select(m => (string?)m.Attribute("type")));
        Assert.Equal(["111"], media[0].Elements(Namespaces.JingleRtp + "payload-type").Select(p => (string?)p.Attribute("id")));
        Assert.Equal(["100", "96"], media[1].Elements(Namespaces.JingleRtp + "payload-type").Select(p => (string?)p.Attribute("id")));
        Assert.Equal(["3", "5"], media[1].Elements(Namespaces.JingleRtpHdrExt + "rtp-hdrext").Select(p => (string?)p.Attribute("id")));
        Assert.Equal("true", (string?)endpoint.Element(C2 + "transport")?.Attribute("ice-controlling"));
        Assert.Null(second.Payload!.Attribute("create"));
        Assert.Single(second.Payload!.Elements(C2 + "endpoint"));

        Assert.Equal("2kq4h1f", allocation.Transport.Ufrag);
        Assert.Equal("sha-256", allocation.Transport.Fingerprint?.Hash);
        Assert.Single(allocation.Transport.WebSockets);
        Assert.Single(allocation.Transport.Candidates);
        var feedback = allocation.FeedbackSources.Sources.ToList();
        Assert.Equal(["jvb-a0", "jvb-v0"], feedback.Select(s => s.Name));
        Assert.All(feedback, s => Assert.Equal("jvb", s.Owner));
        Assert.Equal("mixedmslabel mixedlabelvideo0", feedback[1].Msid);
    }

    [Fact]
    public async Task UpdatesCarryTheTransportAndTheWholeSourceSetThenExpire()
    {
        await _session.AllocateAsync("abcd1234", null, Offer);
        var transport = new IceUdpTransportElement("Yx2P", "pw").Add(new FingerprintElement("sha-256", "active", "7C:00"));
        var sources = SourceSets.Of([new SourceDescription("abcd1234", MediaType.Audio, "abcd1234-a0", [4017u], [], "s t")]);
        await _session.UpdateAsync("abcd1234", transport, sources, 20);
        await _session.ExpireAsync("abcd1234");
        await _session.ExpireAsync();

        var requests = _answers.Requests.Skip(1).Select(r => r.Payload!).ToList();
        var endpoint = requests[0].Element(C2 + "endpoint")!;
        Assert.Null(endpoint.Attribute("create"));
        Assert.Equal("Yx2P", (string?)endpoint.Element(C2 + "transport")?.Element(Namespaces.JingleIceUdp + "transport")?.Attribute("ufrag"));
        var mediaSource = endpoint.Element(C2 + "sources")!.Element(C2 + "media-source")!;
        Assert.Equal(("audio", "abcd1234-a0", "4017"), ((string?)mediaSource.Attribute("type"), (string?)mediaSource.Attribute("id"), (string?)mediaSource.Element(Namespaces.JingleSsma + "source")?.Attribute("ssrc")));
        Assert.Equal("20", (string?)endpoint.Element(C2 + "initial-last-n")?.Attribute("value"));
        Assert.Equal("true", (string?)requests[1].Element(C2 + "endpoint")?.Attribute("expire"));
        Assert.Equal("true", (string?)requests[2].Attribute("expire"));
        Assert.Empty(requests[2].Elements());
    }

    [Fact]
    public async Task ErrorsAndSilenceBecomeColibriExceptions()
    {
        _answers.Error = Colibri2Error.ToStanzaError(Colibri2Error.ConferenceNotFound, "no such conference");
        var refused = await Assert.ThrowsAsync<ColibriException>(() => _session.UpdateAsync("abcd1234", null, EndpointSourceSet.Empty));
        Assert.Equal(StanzaErrorCondition.ItemNotFound, refused.Condition);
        Assert.Equal(Colibri2Error.ConferenceNotFound, refused.Reason);

        _answers.Silent = true;
        var timeout = await Assert.ThrowsAsync<ColibriException>(() => _session.AllocateAsync("abcd1234", null, Offer));
        Assert.True(timeout.IsTimeout);
    }

    [Fact]
    public async Task ExpiringAConferenceTheBridgeAlreadyEndedIsNotAnError()
    {
        await _session.AllocateAsync("abcd1234", null, Offer);
        _answers.Error = Colibri2Error.ToStanzaError(Colibri2Error.ConferenceNotFound, "no such conference");
        await _session.ExpireAsync();
        Assert.True(new ConferenceModifyElement(_answers.Requests.Last().Payload!).Expire);
        _answers.Error = StanzaError.Of(StanzaErrorCondition.InternalServerError);
        await Assert.ThrowsAsync<ColibriException>(() => _session.ExpireAsync());
    }

    /// <summary>Answers conference-modify like a bridge (the composed exchange of §3.3).</summary>
    private sealed class BridgeAnswers(IQCaller caller) : IStanzaSender
    {
        public ConcurrentQueue<Iq> Requests { get; } = new();

        public StanzaError? Error { get; set; }

        public bool Silent { get; set; }

        public Jid? LocalJid { get; } = Jid.Parse("focus.meet.localhost");

        public Task SendAsync(Stanza stanza, CancellationToken cancellationToken = default)
        {
            var iq = (Iq)stanza;
            Requests.Enqueue(iq);
            if (Silent)
            {
                return Task.CompletedTask;
            }
            var modify = new ConferenceModifyElement(iq.Payload!);
            var modified = new ConferenceModifiedElement();
            foreach (var endpoint in modify.Endpoints.Where(e => e.Create))
            {
                modified.Add(new EndpointElement(XElement.Parse($"""
                    <endpoint xmlns="jitsi:colibri2" id="{endpoint.Id}"><transport>
                      <transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="2kq4h1f" pwd="5d2tm0ol3kq9v1r6t4a8b7c1">
                        <candidate component="1" foundation="1" generation="0" id="c01" network="0" ip="127.0.0.1" port="10000" priority="2130706431" protocol="udp" type="host"/>
                        <rtcp-mux/>
                        <fingerprint xmlns="urn:xmpp:jingle:apps:dtls:0" hash="sha-256" setup="actpass">1A:2B</fingerprint>
                        <web-socket xmlns="http://jitsi.org/protocol/colibri" url="wss://127.0.0.1/colibri-ws/jvb1/c/{endpoint.Id}?pwd=x"/>
                      </transport></transport></endpoint>
                    """)));
                modified.Add(new SourcesElement(XElement.Parse("""
                    <sources xmlns="jitsi:colibri2">
                      <media-source type="audio" id="jvb-a0"><source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="998877" name="jvb-a0"/></media-source>
                      <media-source type="video" id="jvb-v0"><source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="2110911" name="jvb-v0"/></media-source>
                    </sources>
                    """)));
            }
            var reply = Error is { } error ? iq.ErrorReply(error) : iq.ResultReply(modified.Element);
            reply.From = iq.To;
            caller.TryComplete(reply);
            return Task.CompletedTask;
        }
    }
}
