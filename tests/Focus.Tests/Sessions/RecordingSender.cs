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

    /// <summary>Participants whose disco#info answer is held until <see cref="ReleaseDisco"/>.</summary>
    public ConcurrentDictionary<string, bool> HoldDisco { get; } = new();

    private readonly ConcurrentDictionary<string, Iq> _heldReplies = new();

    /// <summary>Delivers a held disco#info answer.</summary>
    public void ReleaseDisco(string nick)
    {
        HoldDisco.TryRemove(nick, out _);
        if (_heldReplies.TryRemove(nick, out var reply))
        {
            caller.TryComplete(reply);
        }
    }

    public Task SendAsync(Stanza stanza, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue(stanza);
        if (stanza is Iq { Type: IqType.Get } iq && iq.Payload?.Name == Namespaces.DiscoInfo + "query")
        {
            var reply = Features.TryGetValue(iq.To?.Resource ?? "", out var features)
                ? iq.ResultReply(new XElement(Namespaces.DiscoInfo + "query", features.Select(f => new XElement(Namespaces.DiscoInfo + "feature", new XAttribute("var", f)))))
                : iq.ErrorReply(StanzaError.Of(StanzaErrorCondition.ServiceUnavailable));
            reply.From = iq.To;
            if (HoldDisco.ContainsKey(iq.To?.Resource ?? ""))
            {
                _heldReplies[iq.To!.Resource!] = reply;
            }
            else
            {
                caller.TryComplete(reply);
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The Jingle requests sent to <paramref name="nick"/>, oldest first.</summary>
    public List<XElement> JingleTo(string nick, string? action = null) =>
        [.. Sent.OfType<Iq>().Where(i => i.To?.Resource == nick && i.Payload?.Name.LocalName == "jingle")
            .Select(i => i.Payload!).Where(j => action is null || (string?)j.Attribute("action") == action)];
}
