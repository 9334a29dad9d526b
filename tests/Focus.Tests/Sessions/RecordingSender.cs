using System.Collections.Concurrent;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Focus.Tests.Sessions;

/// <summary>Collects what the focus sends and answers disco#info for the participants it knows, as a client
/// would (PROTOCOL.md §1.6); an unknown participant's disco gets an error.</summary>
internal sealed class RecordingSender(IQCaller caller) : IStanzaSender
{
    public static readonly string[] BrowserFeatures =
    [
        "urn:xmpp:jingle:1", "urn:xmpp:jingle:apps:rtp:1", "urn:xmpp:jingle:transports:ice-udp:1", "urn:xmpp:jingle:apps:dtls:0",
        "urn:xmpp:jingle:transports:dtls-sctp:1", "urn:xmpp:jingle:apps:rtp:audio", "urn:xmpp:jingle:apps:rtp:video",
        "http://jitsi.org/json-encoded-sources", "urn:ietf:rfc:4588", "http://jitsi.org/tcc", "http://jitsi.org/source-name",
    ];

    public ConcurrentQueue<Stanza> Sent { get; } = new();

    /// <summary>Disco features by nickname.</summary>
    public ConcurrentDictionary<string, string[]> Features { get; } = new();

    public Jid? LocalJid { get; } = Jid.Parse("focus.meet.localhost");

    public Task SendAsync(Stanza stanza, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue(stanza);
        if (stanza is Iq { Type: IqType.Get } iq && iq.Payload?.Name == Namespaces.DiscoInfo + "query")
        {
            var reply = Features.TryGetValue(iq.To?.Resource ?? "", out var features)
                ? iq.ResultReply(new XElement(Namespaces.DiscoInfo + "query", features.Select(f => new XElement(Namespaces.DiscoInfo + "feature", new XAttribute("var", f)))))
                : iq.ErrorReply(StanzaError.Of(StanzaErrorCondition.ServiceUnavailable));
            reply.From = iq.To;
            caller.TryComplete(reply);
        }
        return Task.CompletedTask;
    }

    /// <summary>The Jingle requests sent to <paramref name="nick"/>, oldest first.</summary>
    public List<XElement> JingleTo(string nick, string? action = null) =>
        [.. Sent.OfType<Iq>().Where(i => i.To?.Resource == nick && i.Payload?.Name.LocalName == "jingle")
            .Select(i => i.Payload!).Where(j => action is null || (string?)j.Attribute("action") == action)];
}
