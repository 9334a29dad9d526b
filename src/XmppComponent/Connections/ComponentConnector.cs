using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.XmppComponent.Connections;

/// <summary>
/// Opens a component session (XEP-0114 §3): stream in <c>jabber:component:accept</c> to the component's name, then
/// <c>&lt;handshake&gt;</c> holding the lower-case hex SHA-1 of the stream id followed by the shared secret; the server
/// answers an empty <c>&lt;handshake/&gt;</c>, or a stream error: <c>not-authorized</c> for a wrong secret,
/// <c>conflict</c> when another connection already holds the name. Stateless; thread-safe.
/// </summary>
public static class ComponentConnector
{
    /// <summary>XEP-0114 §3: SHA-1 over the concatenation of the stream id and the secret, in lower-case hex.</summary>
    public static string ComputeHandshake(string streamId, string secret) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(streamId + secret)));

    public static async Task<XmppSession> ConnectAsync(ComponentOptions options, StanzaRouter router, ILogger? logger = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var network = await Tcp.ConnectAsync(options.Host, options.Port, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        return await HandshakeAsync(network, options, router, logger, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the handshake over an already connected byte stream (a socket, or an in-memory pipe in tests).</summary>
    public static async Task<XmppSession> HandshakeAsync(Stream network, ComponentOptions options, StanzaRouter router, ILogger? logger = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var stream = new XmppStream(network, Namespaces.Component, options.MaxStanzaBytes);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            await stream.SendHeaderAsync(options.Name, version: false, cancellationToken: timeout.Token).ConfigureAwait(false);
            var header = await stream.ReadHeaderAsync(timeout.Token).ConfigureAwait(false);
            var id = (string?)header.Attribute("id") ?? throw new XmppStreamException("invalid-xml", "the server's stream header has no id", remote: false);
            await stream.SendAsync(new XElement(Namespaces.Client + "handshake", ComputeHandshake(id, options.Secret)), timeout.Token).ConfigureAwait(false);
            XElement? answer;
            try
            {
                answer = await stream.ReadElementAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (XmppStreamException e) when (e.Remote && e.Condition is "not-authorized" or "conflict" or "host-unknown")
            {
                throw new XmppAuthenticationException(e.Condition switch
                {
                    "not-authorized" => $"the server rejected the component secret for {options.Name} (stream error not-authorized)",
                    "conflict" => $"another connection is already registered as {options.Name} (stream error conflict)",
                    _ => $"the server does not know a component named {options.Name} (stream error host-unknown)",
                }, e.Condition);
            }
            if (answer is null || answer.Name != Namespaces.Client + "handshake")
            {
                throw new XmppAuthenticationException($"the server did not accept the handshake for {options.Name}: got {answer?.Name.LocalName ?? "end of stream"}");
            }
            var session = new XmppSession(stream, Jid.Parse(options.Name), Jid.Parse(options.ServerDomain), router, options.PingInterval, time, logger, isComponent: true);
            logger?.LogInformation("Connected to {Host}:{Port} as component {Name}", options.Host, options.Port, options.Name);
            return session;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
