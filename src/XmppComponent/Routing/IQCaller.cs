using System.Collections.Concurrent;
using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Routing;

/// <summary>
/// Sends IQ requests and completes each with its reply (RFC 6120 §8.2.3): matched by id and by the sender being
/// the address the request went to (a reply from anyone else is ignored, so another entity cannot answer for the
/// peer). A <c>result</c> completes the task; an <c>error</c> throws <see cref="StanzaErrorException"/>; no reply
/// within the timeout throws <see cref="IQTimeoutException"/>. Thread-safe: called from any thread and from the read loop.
/// </summary>
public sealed class IQCaller
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _nextId;

    public IQCaller(TimeProvider? time = null, TimeSpan? defaultTimeout = null)
    {
        _time = time ?? TimeProvider.System;
        DefaultTimeout = defaultTimeout ?? TimeSpan.FromSeconds(15);
    }

    public TimeSpan DefaultTimeout { get; }

    /// <summary>Requests waiting for a reply.</summary>
    public int PendingCount => _pending.Count;

    public async Task<Iq> RequestAsync(IStanzaSender sender, Iq request, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        if (!request.IsRequest)
        {
            throw new ArgumentException("only get and set IQs are requests", nameof(request));
        }
        request.Id ??= "jn" + Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture) + "-" + Random.Shared.Next().ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        var limit = timeout ?? DefaultTimeout;
        var pending = new Pending(request.To, sender.LocalJid);
        if (!_pending.TryAdd(request.Id, pending))
        {
            throw new ArgumentException($"an IQ with id '{request.Id}' is already waiting for its reply", nameof(request));
        }
        using var timer = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timer.Token, cancellationToken);
        using var registration = linked.Token.Register(() => pending.Reply.TrySetCanceled(linked.Token));
        try
        {
            await sender.SendAsync(request, linked.Token).ConfigureAwait(false);
            var reply = await pending.Reply.Task.ConfigureAwait(false);
            if (reply.Type == IqType.Error)
            {
                throw new StanzaErrorException(reply.Error ?? StanzaError.Of(StanzaErrorCondition.UndefinedCondition),
                    $"{request.To} answered {Describe(request)} with {reply.Error?.ConditionName ?? "an error"}{(reply.Error?.Text is { } t ? ": " + t : "")}");
            }
            return reply;
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new IQTimeoutException($"no reply from {request.To?.ToString() ?? "the server"} to {Describe(request)} within {limit.TotalSeconds:0.#} s");
        }
        finally
        {
            _pending.TryRemove(request.Id, out _);
        }
    }

    /// <summary>Offers an incoming result or error. Returns true if it answered a pending request.</summary>
    public bool TryComplete(Iq reply)
    {
        if (reply.Id is null || !_pending.TryGetValue(reply.Id, out var pending) || !pending.IsFromPeer(reply.From))
        {
            return false;
        }
        return pending.Reply.TrySetResult(reply);
    }

    /// <summary>Fails every pending request, e.g. when the connection is lost.</summary>
    public void FailAll(Exception reason)
    {
        foreach (var pending in _pending.Values)
        {
            pending.Reply.TrySetException(reason);
        }
    }

    private static string Describe(Iq request)
    {
        var payload = request.Payload?.Name;
        return $"iq {request.TypeName} id={request.Id}" + (payload is null ? "" : $" <{payload.LocalName} xmlns='{payload.NamespaceName}'>");
    }

    private sealed class Pending(Jid? peer, Jid? self)
    {
        public TaskCompletionSource<Iq> Reply { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>RFC 6120 §10.1.2: a reply to a request sent without 'to' comes from our server or our own bare JID,
        /// or carries no 'from' at all.</summary>
        public bool IsFromPeer(Jid? from)
        {
            if (peer is null)
            {
                return from is null || (self is not null && (from == self.Bare || from.Domain == self.Domain && from.Local is null));
            }
            return from == peer;
        }
    }
}

/// <summary>Conveniences for building requests.</summary>
public static class IQCallerExtensions
{
    public static Task<Iq> GetAsync(this IQCaller caller, IStanzaSender sender, Jid? to, XElement payload, CancellationToken cancellationToken = default) =>
        caller.RequestAsync(sender, new Iq(IqType.Get, to, payload), null, cancellationToken);

    public static Task<Iq> SetAsync(this IQCaller caller, IStanzaSender sender, Jid? to, XElement payload, CancellationToken cancellationToken = default) =>
        caller.RequestAsync(sender, new Iq(IqType.Set, to, payload), null, cancellationToken);
}
