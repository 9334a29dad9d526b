using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Connections.Sasl;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.XmppComponent.Connections;

/// <summary>
/// Opens a client session (RFC 6120): stream header → STARTTLS (§5) → SASL (§6: SCRAM-SHA-1, PLAIN only over TLS
/// or loopback, ANONYMOUS) → stream restart → resource binding (§7) → the legacy session IQ when the server marks
/// it mandatory (RFC 3921 §3). Failures throw <see cref="XmppAuthenticationException"/>, <see cref="XmppStreamException"/>
/// or <see cref="IOException"/> with a message naming what went wrong. Stateless; thread-safe.
/// </summary>
public static class ClientConnector
{
    public static async Task<XmppSession> ConnectAsync(ClientOptions options, StanzaRouter router, ILogger? logger = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var network = await Tcp.ConnectAsync(options.Host, options.Port, options.ConnectTimeout, cancellationToken).ConfigureAwait(false);
        var loopback = IPAddress.TryParse(options.Host, out var address) ? IPAddress.IsLoopback(address) : options.Host == "localhost";
        return await LoginAsync(network, options, router, loopback, logger, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Logs in over an already connected byte stream (a socket, or an in-memory pipe in tests).</summary>
    public static async Task<XmppSession> LoginAsync(Stream network, ClientOptions options, StanzaRouter router, bool loopback, ILogger? logger = null, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var stream = new XmppStream(network, Namespaces.Client, options.MaxStanzaBytes);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.ConnectTimeout);
            var ct = timeout.Token;
            var features = await OpenAsync(stream, options, ct).ConfigureAwait(false);
            var secure = false;
            if (features.Element(Namespaces.Tls + "starttls") is not null && options.Tls != TlsPolicy.Never)
            {
                await StartTlsAsync(stream, options, ct).ConfigureAwait(false);
                secure = true;
                features = await OpenAsync(stream, options, ct).ConfigureAwait(false);
            }
            else if (options.Tls == TlsPolicy.Required)
            {
                throw new XmppAuthenticationException($"{options.Host}:{options.Port} does not offer STARTTLS for {options.Domain}, and TLS is required");
            }
            await AuthenticateAsync(stream, features, options, secure || loopback, ct).ConfigureAwait(false);
            await stream.RestartAsync().ConfigureAwait(false);
            features = await OpenAsync(stream, options, ct).ConfigureAwait(false);
            var jid = await BindAsync(stream, features, options, ct).ConfigureAwait(false);
            var session = new XmppSession(stream, jid, Jid.Parse(options.Domain), router, options.PingInterval, time, logger);
            logger?.LogInformation("Logged in to {Host}:{Port} as {Jid}{Tls}", options.Host, options.Port, jid, secure ? " over TLS" : "");
            return session;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<XElement> OpenAsync(XmppStream stream, ClientOptions options, CancellationToken ct)
    {
        await stream.SendHeaderAsync(options.Domain, cancellationToken: ct).ConfigureAwait(false);
        await stream.ReadHeaderAsync(ct).ConfigureAwait(false);
        var features = await stream.ReadElementAsync(ct).ConfigureAwait(false);
        if (features is null || features.Name != Namespaces.Streams + "features")
        {
            throw new XmppStreamException("invalid-xml", "expected <stream:features>", remote: false);
        }
        return features;
    }

    private static async Task StartTlsAsync(XmppStream stream, ClientOptions options, CancellationToken ct)
    {
        await stream.SendAsync(new XElement(Namespaces.Tls + "starttls"), ct).ConfigureAwait(false);
        var answer = await stream.ReadElementAsync(ct).ConfigureAwait(false);
        if (answer?.Name != Namespaces.Tls + "proceed")
        {
            throw new XmppAuthenticationException($"the server refused STARTTLS ({answer?.Name.LocalName ?? "end of stream"})");
        }
        var trusted = options.TrustedCertificatePath is null ? null : X509CertificateLoader.LoadCertificateFromFile(options.TrustedCertificatePath);
        var tls = new SslStream(stream.Inner, leaveInnerStreamOpen: false, (_, certificate, chain, errors) => Validate(certificate, errors, trusted));
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = options.Domain }, ct).ConfigureAwait(false);
        }
        catch (System.Security.Authentication.AuthenticationException e)
        {
            throw new XmppAuthenticationException($"TLS with {options.Host}:{options.Port} failed: {e.Message}" +
                (trusted is null ? " (set a trusted certificate for a self-signed server)" : ""), "tls");
        }
        await stream.RestartAsync(tls).ConfigureAwait(false);
    }

    /// <summary>Accepts a certificate that the system trusts, or one that is (or is issued by) the configured
    /// trusted certificate and names the domain.</summary>
    private static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2? trusted)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (trusted is null || certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }
        using var leaf = new X509Certificate2(certificate);
        if (leaf.RawData.AsSpan().SequenceEqual(trusted.RawData))
        {
            return true;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    private static async Task AuthenticateAsync(XmppStream stream, XElement features, ClientOptions options, bool plainAllowed, CancellationToken ct)
    {
        var offered = features.Element(Namespaces.Sasl + "mechanisms")?.Elements(Namespaces.Sasl + "mechanism").Select(m => m.Value).ToHashSet(StringComparer.Ordinal) ?? [];
        string mechanism;
        string? initial;
        ScramSha1? scram = null;
        if (options.IsAnonymous)
        {
            mechanism = "ANONYMOUS";
            initial = null;
        }
        else if (offered.Contains("SCRAM-SHA-1"))
        {
            scram = new ScramSha1(options.Username!, options.Password ?? "");
            mechanism = "SCRAM-SHA-1";
            initial = scram.ClientFirstMessage;
        }
        else if (offered.Contains("PLAIN") && plainAllowed)
        {
            mechanism = "PLAIN";
            initial = "\0" + options.Username + "\0" + options.Password;
        }
        else
        {
            throw new XmppAuthenticationException($"no usable SASL mechanism for {options.Domain}: the server offers [{string.Join(", ", offered)}]" +
                (offered.Contains("PLAIN") ? " and PLAIN is refused without TLS off loopback" : ""));
        }
        if (!offered.Contains(mechanism))
        {
            throw new XmppAuthenticationException($"{options.Domain} does not offer SASL {mechanism} (offers [{string.Join(", ", offered)}])");
        }
        var auth = new XElement(Namespaces.Sasl + "auth", new XAttribute("mechanism", mechanism), initial is null ? "=" : Base64(initial));
        await stream.SendAsync(auth, ct).ConfigureAwait(false);
        while (true)
        {
            var answer = await stream.ReadElementAsync(ct).ConfigureAwait(false)
                ?? throw new XmppAuthenticationException("the server closed the stream during SASL");
            switch (answer.Name.LocalName)
            {
                case "challenge" when scram is not null:
                    if (!scram.TryGetClientFinal(FromBase64(answer.Value), out var final))
                    {
                        await stream.SendAsync(new XElement(Namespaces.Sasl + "abort"), ct).ConfigureAwait(false);
                        throw new XmppAuthenticationException("malformed SCRAM-SHA-1 challenge from the server");
                    }
                    await stream.SendAsync(new XElement(Namespaces.Sasl + "response", Base64(final)), ct).ConfigureAwait(false);
                    break;
                case "success":
                    if (scram is not null && !scram.VerifyServerFinal(FromBase64(answer.Value)))
                    {
                        throw new XmppAuthenticationException("the server's SCRAM-SHA-1 signature is wrong: it does not know our password");
                    }
                    return;
                case "failure":
                    var condition = answer.Elements().FirstOrDefault(e => e.Name.LocalName != "text")?.Name.LocalName ?? "failure";
                    var text = (string?)answer.Element(Namespaces.Sasl + "text");
                    throw new XmppAuthenticationException($"SASL {mechanism} login to {options.Domain} as {options.Username ?? "anonymous"} failed: {condition}{(text is null ? "" : " (" + text + ")")}", condition);
                default:
                    throw new XmppAuthenticationException($"unexpected <{answer.Name.LocalName}> during SASL");
            }
        }
    }

    private static async Task<Jid> BindAsync(XmppStream stream, XElement features, ClientOptions options, CancellationToken ct)
    {
        if (features.Element(Namespaces.Bind + "bind") is null)
        {
            throw new XmppStreamException("unsupported-feature", "the server offers no resource binding", remote: false);
        }
        var bind = new XElement(Namespaces.Bind + "bind");
        if (options.Resource is not null)
        {
            bind.Add(new XElement(Namespaces.Bind + "resource", options.Resource));
        }
        var reply = await RoundTripAsync(stream, new Iq(IqType.Set, null, bind, "bind1"), ct).ConfigureAwait(false);
        var text = (string?)reply.Payload?.Element(Namespaces.Bind + "jid");
        if (!Jid.TryParse(text, out var jid))
        {
            throw new XmppStreamException("invalid-xml", "the bind result carries no valid JID", remote: false);
        }
        // RFC 3921 §3 session establishment, skipped when RFC 6121 servers mark it optional.
        var session = features.Element(Namespaces.Session + "session");
        if (session is not null && session.Element(Namespaces.Session + "optional") is null)
        {
            await RoundTripAsync(stream, new Iq(IqType.Set, null, new XElement(Namespaces.Session + "session"), "session1"), ct).ConfigureAwait(false);
        }
        return jid;
    }

    /// <summary>One IQ during negotiation, before the read loop runs.</summary>
    private static async Task<Iq> RoundTripAsync(XmppStream stream, Iq request, CancellationToken ct)
    {
        await stream.SendAsync(request.Element, ct).ConfigureAwait(false);
        while (true)
        {
            var element = await stream.ReadElementAsync(ct).ConfigureAwait(false)
                ?? throw new XmppStreamException("connection-timeout", "the server closed the stream during binding", remote: true);
            if (Stanza.Wrap(element) is Iq reply && reply.Id == request.Id)
            {
                if (reply.Type == IqType.Error)
                {
                    throw new StanzaErrorException(reply.Error ?? StanzaError.Of(StanzaErrorCondition.UndefinedCondition), $"{request.Payload?.Name.LocalName} failed: {reply.Error?.ConditionName}");
                }
                return reply;
            }
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string FromBase64(string text)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(text.Trim()));
        }
        catch (FormatException)
        {
            return "";
        }
    }
}
