using System.Collections.Concurrent;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Tests.Routing;

/// <summary>Collects what would have been sent.</summary>
internal sealed class RecordingSender(Jid? localJid = null) : IStanzaSender
{
    public ConcurrentQueue<Stanza> Sent { get; } = new();

    public Jid? LocalJid { get; } = localJid ?? Jid.Parse("focus.meet.localhost");

    public Task SendAsync(Stanza stanza, CancellationToken cancellationToken = default)
    {
        Sent.Enqueue(stanza);
        return Task.CompletedTask;
    }
}
