using Jitsi.Net.XmppComponent.Extensions.Focus;
using Jitsi.Net.XmppComponent.Stanzas;
using static Jitsi.Net.XmppComponent.Tests.Extensions.SampleElements;

namespace Jitsi.Net.XmppComponent.Tests.Extensions.Focus;

/// <summary>PROTOCOL.md §1.2 (conference request and answer) and §1.4 (the focus's presence extensions).</summary>
public sealed class ConferenceRequestTests
{
    [Fact]
    public void ParsesAndBuildsTheRequest()
    {
        var sample = ProtocolSample.Load("conference-request");
        var request = new ConferenceRequestElement(sample.Element(ConferenceRequestElement.ElementName)!);
        Assert.Equal("standup@conference.example.com", request.Room);
        Assert.Equal(Jid.Parse("standup@conference.example.com"), request.RoomJid);
        Assert.Equal(("7f3c0d2e9b1a4c55", "eyJhbGciOiJIUzI1NiJ9.e30.c2ln"), (request.MachineUid, request.Token));
        Assert.Null(request.Ready);
        Assert.Null(request.FocusJid);
        Assert.Equal([("rtcstatsEnabled", "false"), ("visitors-version", "1")], request.Properties);
        Assert.Equal("1", request.Property("visitors-version"));

        var built = new ConferenceRequestElement("standup@conference.example.com") { MachineUid = "7f3c0d2e9b1a4c55", Token = "eyJhbGciOiJIUzI1NiJ9.e30.c2ln" }
            .AddProperty("rtcstatsEnabled", "false").AddProperty("visitors-version", "1");
        ProtocolSample.AssertSameXml(sample, Iq(IqType.Set, null, "focus.example.com", "c1", built));
    }

    [Fact]
    public void ParsesAndBuildsTheAnswer()
    {
        var sample = ProtocolSample.Load("conference-response");
        var answer = new ConferenceRequestElement(sample.Element(ConferenceRequestElement.ElementName)!);
        Assert.Equal((true, "focus@auth.example.com"), (answer.Ready, answer.FocusJid));
        Assert.Null(answer.VNode);
        Assert.Equal("false", answer.Property("authentication"));

        var built = new ConferenceRequestElement("standup@conference.example.com") { FocusJid = "focus@auth.example.com", Ready = true }
            .AddProperty("authentication", "false").AddProperty("visitors-supported", "false");
        ProtocolSample.AssertSameXml(sample, Iq(IqType.Result, "focus.example.com", null, "c1", built));
        Assert.Contains("focusjid=", built.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<conference xmlns='http://jitsi.org/protocol/focus'/>")]
    [InlineData("<conference xmlns='http://jitsi.org/protocol/focus' room='not a jid@@'/>")]
    [InlineData("<conference xmlns='http://jitsi.org/protocol/focus' room='conference.example.com' ready='maybe'><property/></conference>")]
    public void AMissingOrBadRoomReadsAsNull(string xml)
    {
        var request = new ConferenceRequestElement(System.Xml.Linq.XElement.Parse(xml));
        Assert.Null(request.RoomJid);
        Assert.Null(request.Ready);
        Assert.Empty(request.Properties);
    }

    [Fact]
    public void ParsesAndBuildsTheFocusPresence()
    {
        var sample = ProtocolSample.Load("focus-presence");
        var properties = new ConferencePropertiesElement(sample.Element(ConferencePropertiesElement.ElementName)!);
        Assert.Equal("true", properties[ConferencePropertiesElement.SupportTerminateRestart]);
        Assert.Equal("1", properties[ConferencePropertiesElement.BridgeCount]);
        Assert.Equal(3, properties.Properties.Count());
        Assert.True(BridgeNotAvailable.IsIn(sample));

        var presence = new Presence { From = Jid.Parse(FocusOccupant) };
        presence.Element.Add(new ConferencePropertiesElement()
            .Add(ConferencePropertiesElement.SupportTerminateRestart, "true")
            .Add(ConferencePropertiesElement.BridgeCount, "1")
            .Add(ConferencePropertiesElement.VisitorsEnabled, "false").Element, BridgeNotAvailable.Create());
        ProtocolSample.AssertSameXml(sample, presence.Element);
    }
}
