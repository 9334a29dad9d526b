using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri;

/// <summary>
/// The bridge health-check IQ <c>&lt;healthcheck xmlns="http://jitsi.org/protocol/healthcheck"/&gt;</c> (PROTOCOL.md
/// §5.1, §10): a bridge advertises the namespace as a disco feature and answers a <c>get</c> with an empty result
/// when healthy. Stateless and thread-safe.
/// </summary>
public static class HealthCheck
{
    public static readonly XName ElementName = Namespaces.HealthCheck + "healthcheck";

    /// <summary>The disco#info feature a bridge advertises.</summary>
    public static readonly string Feature = Namespaces.HealthCheck.NamespaceName;

    public static XElement Create() => new(ElementName);
}
