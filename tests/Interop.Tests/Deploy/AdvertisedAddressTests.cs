using System.Runtime.Versioning;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.Interop.Tests.Processes;
using Jitsi.Net.Interop.Tests.Xmpp;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Interop.Tests.Deploy;

/// <summary>
/// The bridge program with a configured local address and a static NAT mapping (JVB's static mappings): its colibri2
/// answer offers the local address as a host candidate and the public one as a server-reflexive candidate on the same
/// port, naming the local one as its base, and the colibri-ws URL on the configured wss:// origin.
/// </summary>
[Collection(ProsodyFixture.Collection)]
[SupportedOSPlatform("linux")]
public sealed class AdvertisedAddressTests(ProsodyFixture prosody)
{
    [Fact]
    public async Task Colibri2Answer_OffersTheLocalAndTheMappedPublicAddress()
    {
        await using var bridge = await BridgeProcess.StartAsync(prosody, "jvb-nat", environment: new Dictionary<string, string>
        {
            ["Media__LocalAddresses__0"] = "127.0.0.1",
            ["Media__PublicAddress"] = "203.0.113.7",
            ["Http__Public__WebSocketBaseUrl"] = "wss://meet.example.test",
        });
        await using var focus = await XmppTestClients.ComponentAsync(prosody);
        var bridgeJid = Jid.Parse($"{prosody.Options.BridgeAccountJid}/{bridge.BridgeId}");
        string meeting = Guid.NewGuid().ToString();
        var create = new ConferenceModifyElement(meeting, $"nat@{prosody.Options.MucDomain}", create: true).Add(
            new EndpointElement("ep000001", create: true, statsId: "ep000001").AddCapability(Colibri2Capability.SourceNames).Add(
                new MediaElement(MediaType.Audio).Add(new PayloadTypeElement(111, "opus", 48000, 2)),
                new TransportElement(iceControlling: true)));

        var reply = await focus.RequestAsync(new Iq(IqType.Get, bridgeJid, create.Element));
        var ice = new ConferenceModifiedElement(reply.Payload!).Endpoint("ep000001")!.Transport!.IceUdp!;

        var candidates = ice.Candidates.ToList();
        Assert.Equal(2, candidates.Count);
        CandidateElement host = candidates.Single(c => c.Type == "host");
        CandidateElement mapped = candidates.Single(c => c.Type == "srflx");
        Assert.Equal("127.0.0.1", host.Ip);
        Assert.Equal("203.0.113.7", mapped.Ip);
        Assert.Equal(host.Port, mapped.Port);
        Assert.Equal("127.0.0.1", mapped.RelAddr);
        Assert.Equal(host.Port, mapped.RelPort);
        Assert.Null(host.RelAddr);
        Assert.True(host.Priority > mapped.Priority, "the host candidate is preferred");
        Assert.StartsWith("wss://meet.example.test/colibri-ws/jvb-nat/", ice.WebSockets.Single().Url, StringComparison.Ordinal);
    }
}
