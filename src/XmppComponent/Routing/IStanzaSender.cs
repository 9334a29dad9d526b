using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Routing;

/// <summary>Where stanzas go out: one connection, or whichever connection is current across reconnects.</summary>
public interface IStanzaSender
{
    /// <summary>Our own address on this connection: the bound full JID of a client, the domain of a component.</summary>
    Jid? LocalJid { get; }

    /// <summary>Queues one stanza for writing; completes when it has been written to the socket.</summary>
    Task SendAsync(Stanza stanza, CancellationToken cancellationToken = default);
}
