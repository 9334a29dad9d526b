using System.Xml.Linq;
using Jitsi.Net.Interop.Tests.Fixtures;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Extensions.Disco;
using Jitsi.Net.XmppComponent.Extensions.Ping;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Interop.Tests.Xmpp;

/// <summary>Sessions of our XMPP layer against the fixture's Prosody, as the focus, a bridge or a web user.</summary>
internal static class XmppTestClients
{
    public static readonly XNamespace Test = "urn:jitsi-net:test";

    public static ComponentOptions ComponentOptions(IXmppServer prosody, string? secret = null) => new()
    {
        Host = prosody.Options.Host,
        Port = prosody.Options.ComponentPort,
        Name = prosody.Options.FocusComponent,
        ServerDomain = prosody.Options.Domain,
        Secret = secret ?? prosody.Options.ComponentSecret,
        PingInterval = TimeSpan.Zero,
    };

    public static ClientOptions BridgeOptions(IXmppServer prosody, string? password = null, bool trust = true) => new()
    {
        Host = prosody.Options.Host,
        Port = prosody.Options.C2sPort,
        Domain = prosody.Options.AuthDomain,
        Username = prosody.Options.BridgeUsername,
        Password = password ?? prosody.Options.BridgePassword,
        Resource = "bridge-" + Guid.NewGuid().ToString("N")[..6],
        Tls = TlsPolicy.Required,
        TrustedCertificatePath = trust ? prosody.CertificatePath : null,
        PingInterval = TimeSpan.Zero,
    };

    public static ClientOptions AnonymousOptions(IXmppServer prosody) => new()
    {
        Host = prosody.Options.Host,
        Port = prosody.Options.C2sPort,
        Domain = prosody.Options.Domain,
        Tls = TlsPolicy.WhenOffered,
        TrustedCertificatePath = prosody.CertificatePath,
        PingInterval = TimeSpan.Zero,
    };

    /// <summary>A router that answers disco and ping, like every process of ours.</summary>
    public static StanzaRouter NewRouter()
    {
        var router = new StanzaRouter(new IQCaller(null, TimeSpan.FromSeconds(10)));
        PingResponder.Register(router, new DiscoInfo(router, "client", "bot"));
        return router;
    }

    public static async Task<XmppSession> ComponentAsync(IXmppServer prosody, StanzaRouter? router = null)
    {
        var session = await ConnectWithRetryAsync(() => ComponentConnector.ConnectAsync(ComponentOptions(prosody), router ?? NewRouter()));
        session.Start();
        return session;
    }

    public static async Task<XmppSession> ClientAsync(ClientOptions options, StanzaRouter? router = null)
    {
        var session = await ClientConnector.ConnectAsync(options, router ?? NewRouter());
        session.Start();
        return session;
    }

    /// <summary>The component name is free again only once Prosody has noticed the previous connection closed.</summary>
    private static async Task<XmppSession> ConnectWithRetryAsync(Func<Task<XmppSession>> connect)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await connect();
            }
            catch (XmppAuthenticationException e) when (e.Condition == "conflict" && attempt < 20)
            {
                await Task.Delay(100);
            }
        }
    }

    public static Iq Ping(Jid to) => new(IqType.Get, to, new XElement(XName.Get("ping", "urn:xmpp:ping")));
}
