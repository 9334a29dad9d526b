using System.Runtime.Versioning;
using Jitsi.Net.XmppComponent.Connections;
using Jitsi.Net.XmppComponent.Routing;

namespace Jitsi.Net.Interop.Tests.Focus;

/// <summary>Client sessions on the stack's Prosody, as a web user logs in (anonymous, no TLS on loopback).</summary>
[SupportedOSPlatform("linux")]
internal static class StackClients
{
    public static async Task<XmppSession> AnonymousAsync(StackFixture stack, StanzaRouter router)
    {
        var session = await ClientConnector.ConnectAsync(new ClientOptions
        {
            Host = "127.0.0.1",
            Port = stack.Options.C2sPort,
            Domain = stack.Domain,
            Tls = TlsPolicy.Never,
            PingInterval = TimeSpan.Zero,
        }, router);
        session.Start();
        return session;
    }
}
