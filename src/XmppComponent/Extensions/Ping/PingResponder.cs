using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Disco;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Ping;

/// <summary>Answers XEP-0199 pings (§4: an empty result). Sending keep-alive pings is the session's job.</summary>
public static class PingResponder
{
    public static void Register(StanzaRouter router, DiscoInfo? disco = null)
    {
        router.HandleIq(IqType.Get, Namespaces.Ping + "ping", (_, _) => Task.FromResult<XElement?>(null));
        disco?.AddFeature(Namespaces.Ping.NamespaceName);
    }
}
