using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Jitsi.Net.XmppComponent.Routing;

/// <summary>Answers one IQ get or set: return the result payload (or null for an empty result), or throw
/// <see cref="StanzaErrorException"/> to answer with that error.</summary>
public delegate Task<XElement?> IqHandler(Iq request, CancellationToken cancellationToken);

/// <summary>
/// Routes incoming stanzas to handlers registered by kind, type and payload element name (the slixmpp / xmpp.js
/// model). Replies to IQs are offered to the <see cref="IQCaller"/> first. Every IQ get or set gets exactly one
/// answer: the handler's result, its error, <c>service-unavailable</c> when nobody handles it (RFC 6120 §8.4),
/// <c>bad-request</c> when it is malformed and <c>internal-server-error</c> when the handler fails — the connection
/// lives on. Registration is thread-safe; dispatch runs each handler synchronously up to its first await, so the
/// order in which handlers see stanzas is the order on the wire.
/// </summary>
public sealed class StanzaRouter
{
    private readonly Dictionary<(IqType, XName), IqHandler> _iqHandlers = [];
    private readonly List<(XName? Child, Func<Message, Task> Handler)> _messageHandlers = [];
    private readonly List<(XName? Child, Func<Presence, Task> Handler)> _presenceHandlers = [];
    private readonly Lock _gate = new();
    private readonly ILogger _logger;

    public StanzaRouter(IQCaller? caller = null, ILogger? logger = null)
    {
        Caller = caller ?? new IQCaller();
        _logger = logger ?? NullLogger.Instance;
    }

    public IQCaller Caller { get; }

    /// <summary>Handles IQs of <paramref name="type"/> (get or set) whose payload is <paramref name="payload"/>.</summary>
    public void HandleIq(IqType type, XName payload, IqHandler handler)
    {
        if (type is not (IqType.Get or IqType.Set))
        {
            throw new ArgumentException("only get and set IQs have handlers", nameof(type));
        }
        lock (_gate)
        {
            if (!_iqHandlers.TryAdd((type, payload), handler))
            {
                throw new InvalidOperationException($"a handler for iq {type} {payload} is already registered");
            }
        }
    }

    /// <summary>Handles messages, all of them or those with a child named <paramref name="child"/>.</summary>
    public void HandleMessage(Func<Message, Task> handler, XName? child = null)
    {
        lock (_gate)
        {
            _messageHandlers.Add((child, handler));
        }
    }

    /// <summary>Handles presence, all of it or that with a child named <paramref name="child"/>. Every matching
    /// handler is called (each MUC room, for instance, picks its own).</summary>
    public void HandlePresence(Func<Presence, Task> handler, XName? child = null)
    {
        lock (_gate)
        {
            _presenceHandlers.Add((child, handler));
        }
    }

    /// <summary>Routes one incoming stanza; replies go out through <paramref name="replyTo"/>. Never throws.</summary>
    public async Task DispatchAsync(Stanza stanza, IStanzaSender replyTo, CancellationToken cancellationToken = default)
    {
        try
        {
            switch (stanza)
            {
                case Iq iq:
                    await DispatchIqAsync(iq, replyTo, cancellationToken).ConfigureAwait(false);
                    break;
                case Message message:
                    await CallAllAsync(message, Snapshot(_messageHandlers), cancellationToken).ConfigureAwait(false);
                    break;
                case Presence presence:
                    await CallAllAsync(presence, Snapshot(_presenceHandlers), cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogError(e, "Failed to route {Stanza}", Truncate(stanza));
        }
    }

    private async Task DispatchIqAsync(Iq iq, IStanzaSender replyTo, CancellationToken cancellationToken)
    {
        var type = iq.Type;
        if (type is IqType.Result or IqType.Error)
        {
            if (!Caller.TryComplete(iq))
            {
                _logger.LogDebug("Dropped an IQ reply that answers no request of ours: {Stanza}", Truncate(iq));
            }
            return;
        }
        if ((string?)iq.Element.Attribute("from") is { } from && !Jid.TryParse(from, out _))
        {
            _logger.LogWarning("Dropped an IQ from an invalid address: {Stanza}", Truncate(iq));
            return;
        }
        StanzaError? error = null;
        var payloads = iq.Element.Elements().Count();
        if (type == IqType.Invalid || iq.Id is null)
        {
            error = StanzaError.Of(StanzaErrorCondition.BadRequest, iq.Id is null ? "an IQ must have an id" : "unknown IQ type");
        }
        else if (!iq.HasValidAddresses)
        {
            error = StanzaError.Of(StanzaErrorCondition.JidMalformed, "the 'to' address is not a valid JID");
        }
        else if (payloads != 1)
        {
            error = StanzaError.Of(StanzaErrorCondition.BadRequest, "an IQ get or set must have exactly one child element");
        }
        if (error is not null)
        {
            await ReplyAsync(iq, error, replyTo, cancellationToken).ConfigureAwait(false);
            return;
        }
        IqHandler? handler;
        lock (_gate)
        {
            _iqHandlers.TryGetValue((type, iq.Payload!.Name), out handler);
        }
        if (handler is null)
        {
            await ReplyAsync(iq, StanzaError.Of(StanzaErrorCondition.ServiceUnavailable), replyTo, cancellationToken).ConfigureAwait(false);
            return;
        }
        Iq reply;
        try
        {
            reply = iq.ResultReply(await handler(iq, cancellationToken).ConfigureAwait(false));
        }
        catch (StanzaErrorException e)
        {
            reply = iq.ErrorReply(e.Error);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogError(e, "Handler for {Payload} failed on {Stanza}", iq.Payload.Name, Truncate(iq));
            reply = iq.ErrorReply(StanzaError.Of(StanzaErrorCondition.InternalServerError));
        }
        await replyTo.SendAsync(reply, cancellationToken).ConfigureAwait(false);
    }

    private static Task ReplyAsync(Iq iq, StanzaError error, IStanzaSender replyTo, CancellationToken cancellationToken) =>
        replyTo.SendAsync(iq.ErrorReply(error), cancellationToken);

    private async Task CallAllAsync<T>(T stanza, List<(XName? Child, Func<T, Task> Handler)> handlers, CancellationToken cancellationToken)
        where T : Stanza
    {
        foreach (var (child, handler) in handlers)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (child is not null && stanza.Element.Element(child) is null)
            {
                continue;
            }
            try
            {
                await handler(stanza).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _logger.LogError(e, "Handler failed on {Stanza}", Truncate(stanza));
            }
        }
    }

    private List<(XName?, Func<T, Task>)> Snapshot<T>(List<(XName?, Func<T, Task>)> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }

    private static string Truncate(Stanza stanza)
    {
        var text = stanza.ToString();
        return text.Length <= 512 ? text : text[..512] + "…";
    }
}
