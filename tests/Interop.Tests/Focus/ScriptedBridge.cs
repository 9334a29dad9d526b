using System.Collections.Concurrent;
using System.Runtime.Versioning;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Disco;
using Jitsi.Net.XmppComponent.Extensions.Muc;
using Jitsi.Net.XmppComponent.Extensions.Ping;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Interop.Tests.Focus;

/// <summary>
/// A bridge as the focus sees one (PROTOCOL.md §3, §5.1): logs in on the bridge account, sits in the brewery with a
/// <c>stats</c> presence, answers health checks and <c>conference-modify</c> with a plausible
/// <c>conference-modified</c> (transport with ufrag, pwd, fingerprint, a candidate and a web-socket; feedback sources
/// on create), and records what it was asked. No media.
/// </summary>
[SupportedOSPlatform("linux")]
internal sealed class ScriptedBridge : IAsyncDisposable
{
    private readonly XmppSession _session;
    private MucRoom? _brewery;

    private ScriptedBridge(string id, XmppSession session)
    {
        Id = id;
        _session = session;
    }

    public string Id { get; }

    public ConcurrentQueue<ConferenceModifyElement> Requests { get; } = new();

    public IEnumerable<EndpointElement> Endpoints => Requests.SelectMany(r => r.Endpoints);

    public static async Task<ScriptedBridge> StartAsync(StackFixture stack, string stress)
    {
        var id = "jvb-" + Guid.NewGuid().ToString("N")[..6];
        var router = new StanzaRouter(new IQCaller(null, TimeSpan.FromSeconds(10)));
        PingResponder.Register(router, new DiscoInfo(router, "component", "bridge"));
        ScriptedBridge? bridge = null;
        router.HandleIq(IqType.Get, XName.Get("healthcheck", "http://jitsi.org/protocol/healthcheck"), (_, _) => Task.FromResult<XElement?>(null));
        foreach (var type in new[] { IqType.Get, IqType.Set })
        {
            router.HandleIq(type, ConferenceModifyElement.ElementName, (iq, _) => Task.FromResult<XElement?>(bridge!.Answer(iq)));
        }
        var session = await ClientConnector.ConnectAsync(new ClientOptions
        {
            Host = "127.0.0.1",
            Port = stack.Options.C2sPort,
            Domain = "auth." + stack.Domain,
            Username = "jvb",
            Password = stack.Secrets!.BridgePassword,
            Resource = id,
            Tls = TlsPolicy.Required,
            TrustedCertificatePath = Path.Combine(stack.Options.ProsodyDataDirectory, "certs", stack.Domain + ".crt"),
            PingInterval = TimeSpan.Zero,
        }, router);
        session.Start();
        bridge = new ScriptedBridge(id, session);
        var stats = new XElement(XName.Get("stats", "http://jitsi.org/protocol/colibri"),
            new[] { ("stress_level", stress), ("drain", "false"), ("region", "test-region"), ("version", "1.0") }
                .Select(s => new XElement(XName.Get("stat", "http://jitsi.org/protocol/colibri"), new XAttribute("name", s.Item1), new XAttribute("value", s.Item2))));
        bridge._brewery = await new MucClient(router, session).JoinAsync(Jid.Parse($"jvbbrewery@internal.auth.{stack.Domain}"), id, [stats]);
        return bridge;
    }

    /// <summary>Leaves the brewery, as a bridge that crashed or was taken away.</summary>
    public async Task LeaveBreweryAsync()
    {
        if (_brewery is { IsJoined: true } brewery)
        {
            await brewery.LeaveAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await LeaveBreweryAsync();
        await _session.DisposeAsync();
    }

    private XElement Answer(Iq iq)
    {
        var request = new ConferenceModifyElement(iq.Payload!);
        Requests.Enqueue(request);
        var modified = new ConferenceModifiedElement();
        var created = false;
        foreach (var endpoint in request.Endpoints)
        {
            var answer = new EndpointElement(endpoint.Id!) { Expire = endpoint.Expire };
            if (endpoint.Create)
            {
                created = true;
                answer.Element.Add(XElement.Parse($"""
                    <transport xmlns="jitsi:colibri2">
                      <transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="{Id}u" pwd="pwd{Id}0123456789ab">
                        <candidate component="1" foundation="1" generation="0" id="c1" network="0" ip="127.0.0.1" port="10000" priority="2130706431" protocol="udp" type="host"/>
                        <rtcp-mux/>
                        <fingerprint xmlns="urn:xmpp:jingle:apps:dtls:0" hash="sha-256" setup="actpass">AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99</fingerprint>
                        <web-socket xmlns="http://jitsi.org/protocol/colibri" url="ws://127.0.0.1:9/colibri-ws/{Id}/{request.MeetingId}/{endpoint.Id}?pwd=x"/>
                      </transport>
                    </transport>
                    """));
            }
            modified.Add(answer);
        }
        if (created)
        {
            modified.Element.Add(XElement.Parse("""
                <sources xmlns="jitsi:colibri2">
                  <media-source type="audio" id="jvb-a0"><source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="998877" name="jvb-a0"/></media-source>
                  <media-source type="video" id="jvb-v0"><source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="2110911" name="jvb-v0"/></media-source>
                </sources>
                """));
        }
        return modified.Element;
    }
}
