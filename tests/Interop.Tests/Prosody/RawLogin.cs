using System.Text;
using System.Text.RegularExpressions;

namespace Jitsi.Net.Interop.Tests.Prosody;

/// <summary>Logs a <see cref="RawXmppStream"/> in (RFC 6120 §6 SASL, §7 bind) with SCRAM-SHA-1 or ANONYMOUS.</summary>
internal static partial class RawLogin
{
    private const string SaslNamespace = "urn:ietf:params:xml:ns:xmpp-sasl";

    /// <summary>STARTTLS, SCRAM-SHA-1, bind; returns the bound full JID.</summary>
    public static async Task<string> ScramAsync(
        RawXmppStream stream, string domain, string trustedCertificatePath, string user, string password, string resource)
    {
        await stream.OpenClientStreamAsync(domain);
        await stream.StartTlsAsync(domain, trustedCertificatePath);
        await stream.OpenClientStreamAsync(domain);

        var scram = new ScramSha1(user, password);
        await stream.SendAsync($"<auth xmlns='{SaslNamespace}' mechanism='SCRAM-SHA-1'>{Base64(scram.ClientFirst())}</auth>");
        string challenge = ElementText(await stream.ReadElementAsync("challenge"));
        await stream.SendAsync($"<response xmlns='{SaslNamespace}'>{Base64(scram.ClientFinal(challenge))}</response>");
        string outcome = await ReadSaslOutcomeAsync(stream);
        if (!scram.VerifyServerFinal(ElementText(outcome)))
        {
            throw new InvalidOperationException($"The server's SCRAM signature does not verify: {outcome}");
        }

        return await BindAsync(stream, domain, resource);
    }

    /// <summary>SASL ANONYMOUS on a plain connection, bind; returns the bound full JID.</summary>
    public static async Task<string> AnonymousAsync(RawXmppStream stream, string domain)
    {
        await stream.OpenClientStreamAsync(domain);
        await stream.SendAsync($"<auth xmlns='{SaslNamespace}' mechanism='ANONYMOUS'/>");
        await ReadSaslOutcomeAsync(stream);
        return await BindAsync(stream, domain, "web");
    }

    private static async Task<string> ReadSaslOutcomeAsync(RawXmppStream stream)
    {
        string text = await stream.ReadUntilAsync(SaslOutcome());
        return text.Contains("<success", StringComparison.Ordinal)
            ? text
            : throw new InvalidOperationException($"SASL failed: {text}");
    }

    private static async Task<string> BindAsync(RawXmppStream stream, string domain, string resource)
    {
        await stream.OpenClientStreamAsync(domain);
        await stream.SendAsync(
            $"<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>{resource}</resource></bind></iq>");
        string reply = await stream.ReadElementAsync("iq");
        Match jid = JidElement().Match(reply);
        return jid.Success ? jid.Groups[1].Value : throw new InvalidOperationException($"Bind failed: {reply}");
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    /// <summary>Decodes the base64 text content of a SASL element.</summary>
    private static string ElementText(string element)
    {
        Match content = ElementContent().Match(element);
        return content.Success ? Encoding.UTF8.GetString(Convert.FromBase64String(content.Groups[1].Value)) : "";
    }

    [GeneratedRegex("<(success|failure)[^>]*/>|</(success|failure)>")]
    private static partial Regex SaslOutcome();

    [GeneratedRegex("<jid>([^<]+)</jid>")]
    private static partial Regex JidElement();

    [GeneratedRegex(">([A-Za-z0-9+/=]+)</")]
    private static partial Regex ElementContent();
}
