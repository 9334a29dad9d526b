using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;
using static Jitsi.Net.XmppComponent.Tests.Extensions.SampleElements;

namespace Jitsi.Net.XmppComponent.Tests.Extensions.Colibri2;

/// <summary>PROTOCOL.md §3.2: the update after session-accept, and the expire, force-mute and ICE-restart requests.</summary>
public sealed class EndpointUpdateTests
{
    private static ConferenceModifyElement Modify(string name) =>
        new(ProtocolSample.Load(name).Element(ConferenceModifyElement.ElementName)!);

    [Fact]
    public void ParsesTheUpdate()
    {
        var endpoint = Assert.Single(Modify("conference-modify-update").Endpoints);
        Assert.False(endpoint.Create);
        var ice = endpoint.Transport!.IceUdp!;
        Assert.Equal(("Yx2P", "active", ClientFingerprint), (ice.Ufrag, ice.Fingerprint!.Setup, ice.Fingerprint.Value));
        Assert.Equal("192.0.2.10", Assert.Single(ice.Candidates).Ip);
        Assert.Null(endpoint.Transport.IceControlling);
        Assert.Equal(20, endpoint.InitialLastN);
        Assert.Equal(7, endpoint.Sources!.SourceCount);
        Assert.Equal([("abcd1234-a0", MediaType.Audio), ("abcd1234-v0", MediaType.Video)],
            endpoint.Sources.MediaSources.Select(m => (m.Id!, m.Type!.Value)));

        Assert.True(endpoint.Sources.TryGetSources("abcd1234", 20, out var sources, out var reason), reason);
        var video = sources.OfMedia(MediaType.Video).Single();
        Assert.Equal([11u, 12u, 13u, 21u, 22u, 23u], video.Ssrcs);
        Assert.Equal([new SsrcGroup("SIM", [11, 12, 13]), new SsrcGroup("FID", [11, 21]), new SsrcGroup("FID", [12, 22]), new SsrcGroup("FID", [13, 23])],
            video.Groups);
    }

    [Fact]
    public void BuildsTheUpdateFromTheSessionAcceptSources()
    {
        // The focus's path: session-accept sources → neutral model → colibri2 sources.
        var accept = new JingleElement(ProtocolSample.Load("session-accept").Element(JingleElement.ElementName)!);
        Assert.True(accept.TryGetSources("abcd1234", 20, out var sources, out var reason), reason);
        var ice = ClientTransport().Add(ClientHostCandidate());
        var endpoint = new EndpointElement("abcd1234", statsId: "Dominic-8Ep")
            .Add(new TransportElement().Add(ice), SourcesElement.From(sources.Sources))
            .AddInitialLastN(20);
        var modify = new ConferenceModifyElement(MeetingId).Add(endpoint);

        ProtocolSample.AssertSameXml(ProtocolSample.Load("conference-modify-update"), Iq(IqType.Get, null, Brewery, "cm2", modify));
    }

    [Fact]
    public void ParsesAndBuildsExpiry()
    {
        var endpoint = Assert.Single(Modify("conference-modify-expire-endpoint").Endpoints);
        Assert.Equal(("abcd1234", true), (endpoint.Id, endpoint.Expire));
        var built = new ConferenceModifyElement(MeetingId).Add(new EndpointElement("abcd1234") { Expire = true });
        ProtocolSample.AssertSameXml(ProtocolSample.Load("conference-modify-expire-endpoint"), Iq(IqType.Get, null, Brewery, "cm3", built));

        var conference = Modify("conference-modify-expire");
        Assert.True(conference.Expire);
        Assert.Empty(conference.Endpoints);
        ProtocolSample.AssertSameXml(ProtocolSample.Load("conference-modify-expire"),
            Iq(IqType.Get, null, Brewery, "cm4", new ConferenceModifyElement(MeetingId) { Expire = true }));
    }

    [Fact]
    public void ParsesAndBuildsAForceMuteBatch()
    {
        var endpoints = Modify("conference-modify-force-mute").Endpoints.ToList();
        Assert.Equal([("abcd1234", true, false), ("bb0c9e21", true, true)],
            endpoints.Select(e => (e.Id!, e.ForceMute!.Audio!.Value, e.ForceMute.Video!.Value)));
        var built = new ConferenceModifyElement(MeetingId).Add(
            new EndpointElement("abcd1234").Add(new ForceMuteElement(true, false)),
            new EndpointElement("bb0c9e21").Add(new ForceMuteElement(true, true)));
        ProtocolSample.AssertSameXml(ProtocolSample.Load("conference-modify-force-mute"), Iq(IqType.Get, null, Brewery, "cm5", built));
    }

    [Fact]
    public void ParsesAndBuildsAnIceRestart()
    {
        var request = Assert.Single(Modify("conference-modify-ice-restart").Endpoints);
        Assert.True(request.Transport!.IceRestart);
        var built = new ConferenceModifyElement(MeetingId).Add(new EndpointElement("abcd1234").Add(new TransportElement { IceRestart = true }));
        ProtocolSample.AssertSameXml(ProtocolSample.Load("conference-modify-ice-restart"), Iq(IqType.Get, null, Brewery, "cm6", built));

        var answer = new ConferenceModifiedElement(ProtocolSample.Load("conference-modified-ice-restart").Element(ConferenceModifiedElement.ElementName)!);
        var ice = answer.Endpoint("abcd1234")!.Transport!.IceUdp!;
        Assert.Equal(("9fk2", 1), (ice.Ufrag, ice.IceGeneration!.Value));
        Assert.Null(answer.Sources);
        var rebuilt = new ConferenceModifiedElement().Add(new EndpointElement("abcd1234").Add(new TransportElement().Add(
            new IceUdpTransportElement("9fk2", "q8w7e6r5t4y3u2i1o0p9a8s7") { IceGeneration = 1 }.Add(BridgeCandidate("c02", 1)))));
        ProtocolSample.AssertSameXml(ProtocolSample.Load("conference-modified-ice-restart"), Iq(IqType.Result, Brewery, null, "cm6", rebuilt));
    }
}
