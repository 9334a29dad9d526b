using System.Xml.Linq;
using Jitsi.Net.Focus.Conferences;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Focus.Jingle;

/// <summary>
/// Receives the participants' Jingle requests (PROTOCOL.md §2.1: sent to <c>room@conference/focus</c>, relayed by
/// the MUC from the sender's occupant JID), finds the conference by the sender's bare JID (the room) and runs the
/// request on that conference's queue. The router sends the acknowledgement or the error. Thread-safe.
/// </summary>
internal sealed class JingleIqHandler
{
    private readonly ConferenceRegistry _conferences;

    public JingleIqHandler(ConferenceRegistry conferences, StanzaRouter router)
    {
        _conferences = conferences;
        router.HandleIq(IqType.Set, JingleElement.ElementName, HandleAsync);
    }

    private Task<XElement?> HandleAsync(Iq iq, CancellationToken cancellationToken)
    {
        if (iq.From is not { } from || _conferences.Find(from.Bare) is not { } conference)
        {
            throw new StanzaErrorException(StanzaError.Of(StanzaErrorCondition.ItemNotFound, "no conference for this sender"));
        }
        return conference.Queue.RunAsync(() => conference.Sessions.HandleJingleAsync(iq));
    }
}
