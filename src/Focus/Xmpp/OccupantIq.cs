using System.Xml.Linq;
using Jitsi.Net.Focus.Conferences;
using Jitsi.Net.XmppComponent.Extensions.Jingle;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.Focus.Xmpp;

/// <summary>
/// IQs from the focus to participants (PROTOCOL.md §2.1): sent from the focus's own occupant address
/// (<c>focus.&lt;domain&gt;/focus</c>) to the participant's occupant JID, so the MUC relays them and the client sees
/// them from <c>room@conference/focus</c>. Jingle requests are written in call order and not awaited: an
/// unanswered <c>session-initiate</c> counts as success, as in Jicofo; an error answer is reported. Thread-safe.
/// </summary>
internal sealed class OccupantIq(IStanzaSender sender, IQCaller caller, Jid focusJid, TimeSpan discoTimeout)
{
    /// <summary>The focus's address in Jingle <c>initiator</c>.</summary>
    public Jid FocusJid => focusJid;

    /// <summary>Sends a Jingle request; <paramref name="onError"/> runs when the participant answers with an error.</summary>
    public void SendJingle(Jid to, JingleElement jingle, Action<StanzaErrorException>? onError = null)
    {
        var iq = new Iq(IqType.Set, to, jingle.Element) { From = focusJid };
        // RequestAsync writes the stanza before its first await, so requests leave in call order.
        _ = caller.RequestAsync(sender, iq).ContinueWith(t =>
        {
            if (t.Exception?.InnerException is StanzaErrorException e)
            {
                onError?.Invoke(e);
            }
        }, CancellationToken.None, TaskContinuationOptions.NotOnRanToCompletion, TaskScheduler.Default);
    }

    /// <summary>disco#info of a participant (§1.6); the defaults when it fails or does not answer in time.</summary>
    public async Task<ParticipantFeatures> DiscoAsync(Jid occupant)
    {
        try
        {
            var reply = await caller.RequestAsync(sender, new Iq(IqType.Get, occupant, new XElement(Namespaces.DiscoInfo + "query")) { From = focusJid },
                discoTimeout).ConfigureAwait(false);
            var features = reply.Payload?.Elements(Namespaces.DiscoInfo + "feature").Select(f => (string?)f.Attribute("var")).OfType<string>().ToHashSet()
                ?? [];
            return ParticipantFeatures.From(features);
        }
        catch (Exception e) when (e is StanzaErrorException or IQTimeoutException or IOException)
        {
            return ParticipantFeatures.Default;
        }
    }
}
