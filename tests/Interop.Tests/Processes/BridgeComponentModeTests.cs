using System.Runtime.Versioning;
using System.Xml.Linq;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Interop.Tests.Xmpp;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Interop.Tests.Processes;

/// <summary>The Videobridge program in component mode (XEP-0114 <c>jvb.&lt;domain&gt;</c>) on a real Prosody: it joins
/// the brewery from <c>jvb.&lt;domain&gt;/&lt;bridge id&gt;</c>, answers health checks and colibri2 from the focus.</summary>
[Collection(ProsodyFixture.Collection)]
[SupportedOSPlatform("linux")]
public sealed class BridgeComponentModeTests(ProsodyFixture prosody)
{
    [Fact]
    public async Task BridgeAsAComponentJoinsTheBreweryAndAnswersTheFocus()
    {
        await using var bridge = await BridgeProcess.StartAsync(prosody, "jvb-component-1", componentMode: true);
        var router = XmppTestClients.NewRouter();
        await using var focus = await XmppTestClients.ComponentAsync(prosody, router);
        var brewery = await new MucClient(router, focus, Jid.Parse(prosody.Options.FocusComponent + "/focus"))
            .JoinAsync(Jid.Parse(prosody.Options.BreweryJid), "focus-" + Guid.NewGuid().ToString("N")[..6]);
        var bridgeJid = Jid.Parse($"{prosody.Options.BridgeComponent}/jvb-component-1");
        var occupant = Assert.Single(brewery.Occupants.Values, o => o.Nickname == "jvb-component-1");
        Assert.Equal(bridgeJid, occupant.RealJid);
        Assert.NotNull(occupant.Extension(XName.Get("stats", "http://jitsi.org/protocol/colibri")));

        var health = await focus.RequestAsync(new Iq(IqType.Get, bridgeJid, new XElement(XName.Get("healthcheck", "http://jitsi.org/protocol/healthcheck"))));
        Assert.Equal(IqType.Result, health.Type);

        var modify = new ConferenceModifyElement(Guid.NewGuid().ToString(), $"room@{prosody.Options.MucDomain}", create: true).Add(
            new EndpointElement("abcd1234", create: true).AddCapability(Colibri2Capability.SourceNames).Add(
                new MediaElement(MediaType.Audio).Add(new PayloadTypeElement(111, "opus", 48000, 2)),
                new TransportElement(iceControlling: true)));
        var reply = await focus.RequestAsync(new Iq(IqType.Get, bridgeJid, modify.Element));
        var ice = new ConferenceModifiedElement(reply.Payload!).Endpoint("abcd1234")!.Transport!.IceUdp!;
        Assert.False(string.IsNullOrEmpty(ice.Ufrag));
        Assert.Equal("127.0.0.1", ice.Candidates.Single().Ip);
    }
}
