using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;
using static Jitsi.Net.XmppComponent.Tests.Extensions.SampleElements;

namespace Jitsi.Net.XmppComponent.Tests.Extensions.Colibri2;

/// <summary>PROTOCOL.md §3.4 (relay creation) and §3.5 (errors).</summary>
public sealed class RelayAndErrorTests
{
    [Fact]
    public void ParsesAndBuildsARelay()
    {
        var sample = ProtocolSample.Load("conference-modify-relay");
        var modify = new ConferenceModifyElement(sample.Element(ConferenceModifyElement.ElementName)!);
        Assert.True(modify.TryValidate(out var reason), reason);
        var relay = Assert.Single(modify.Relays);
        Assert.Equal(("jvb-relay-B", true, "0"), (relay.Id, relay.Create, relay.MeshId));
        Assert.Equal([MediaType.Audio, MediaType.Video], relay.Media.Select(m => m.Type!.Value));
        Assert.Equal((true, true), (relay.Transport!.UseUniquePort, relay.Transport.IceControlling));
        var mirrored = Assert.Single(relay.Endpoints);
        Assert.Equal(("abcd1234", true), (mirrored.Id, mirrored.Create));
        Assert.True(mirrored.Sources!.TryGetSources("abcd1234", 20, out var sources, out reason), reason);
        Assert.Equal(4017u, Assert.Single(sources.Sources).Ssrcs.Single());

        var built = new ConferenceModifyElement(MeetingId).Add(new RelayElement("jvb-relay-B", create: true, meshId: "0")
            .Add(new MediaElement(MediaType.Audio).Add(Opus(), new HeaderExtensionElement(1, AudioLevel)),
                new MediaElement(MediaType.Video).Add(Vp8()),
                new TransportElement(iceControlling: true) { UseUniquePort = true })
            .AddEndpoints(new EndpointElement("abcd1234", create: true, statsId: "Dominic-8Ep")
                .Add(new SourcesElement(new MediaSourceElement(MediaType.Audio, "abcd1234-a0").Add(new SourceElement(4017, "abcd1234-a0"))))));
        ProtocolSample.AssertSameXml(sample, Iq(IqType.Get, null, Brewery, "cm7", built));
    }

    [Fact]
    public void ParsesAndBuildsConferenceNotFound()
    {
        var sample = ProtocolSample.Load("colibri2-error-conference-not-found");
        var error = new Iq(sample).Error!;
        Assert.Equal((StanzaErrorType.Cancel, StanzaErrorCondition.ItemNotFound), (error.Type, error.Condition));
        Assert.Equal(Colibri2Error.ConferenceNotFound, Colibri2Error.FromStanzaError(error)!.Reason);

        var text = "Conference not found for ID: " + MeetingId;
        var reply = new Iq(IqType.Error, null, null, "cm2") { From = Jid.Parse(Brewery) };
        reply.Element.Add(Colibri2Error.ToStanzaError(Colibri2Error.ConferenceNotFound, text).ToElement());
        ProtocolSample.AssertSameXml(sample, reply.Element);
    }

    [Fact]
    public void ParsesAndBuildsUnknownEndpoint()
    {
        var sample = ProtocolSample.Load("colibri2-error-unknown-endpoint");
        var colibri = Colibri2Error.FromStanzaError(new Iq(sample).Error)!;
        Assert.Equal((Colibri2Error.UnknownEndpoint, "abcd1234"), (colibri.Reason, colibri.EndpointId));

        var reply = new Iq(IqType.Error, null, null, "cm2") { From = Jid.Parse(Brewery) };
        reply.Element.Add(Colibri2Error.ToStanzaError(Colibri2Error.UnknownEndpoint, endpointId: "abcd1234").ToElement());
        ProtocolSample.AssertSameXml(sample, reply.Element);
    }

    [Theory]
    [InlineData(Colibri2Error.ConferenceNotFound, StanzaErrorCondition.ItemNotFound)]
    [InlineData(Colibri2Error.ConferenceAlreadyExists, StanzaErrorCondition.Conflict)]
    [InlineData(Colibri2Error.GracefulShutdown, StanzaErrorCondition.ServiceUnavailable)]
    [InlineData(Colibri2Error.UnknownEndpoint, StanzaErrorCondition.ItemNotFound)]
    [InlineData(Colibri2Error.FeatureNotImplemented, StanzaErrorCondition.FeatureNotImplemented)]
    [InlineData(Colibri2Error.Unspecified, StanzaErrorCondition.InternalServerError)]
    public void ReasonsCarryTheConditionOfTheTable(string reason, StanzaErrorCondition condition)
    {
        var error = Colibri2Error.ToStanzaError(reason);
        Assert.Equal(condition, error.Condition);
        Assert.Equal(reason, Colibri2Error.FromStanzaError(StanzaError.FromStanza(new Iq(IqType.Error).ErrorReply(error).Element))!.Reason);
    }

    [Fact]
    public void AnErrorWithoutColibriConditionHasNone() =>
        Assert.Null(Colibri2Error.FromStanzaError(StanzaError.Of(StanzaErrorCondition.BadRequest)));
}
