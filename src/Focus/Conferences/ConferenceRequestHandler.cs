using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Routing;
using Jitsi.Net.XmppComponent.Stanzas;
using Microsoft.Extensions.Logging;

namespace Jitsi.Net.Focus.Conferences;

/// <summary>The answer to a conference request: ready once the room exists and the focus owns it.</summary>
internal sealed record ConferenceRequestResult(Jid Room, bool Ready, string FocusJid, IReadOnlyDictionary<string, string> Properties);

/// <summary>
/// Answers conference requests (PROTOCOL.md §1.2): <c>&lt;conference xmlns="http://jitsi.org/protocol/focus" room=…&gt;</c>
/// sent to the focus component, and the same as JSON over HTTP. The room must be in the conference MUC service;
/// the focus creates, joins and configures it <b>before</b> answering <c>ready="true"</c> (otherwise the client would
/// create the room and the focus would not own it — DESIGN.md §1). Thread-safe.
/// </summary>
internal sealed class ConferenceRequestHandler
{
    private readonly ConferenceRegistry _conferences;
    private readonly FocusXmppSettings _settings;
    private readonly ILogger<ConferenceRequestHandler> _logger;

    public ConferenceRequestHandler(ConferenceRegistry conferences, FocusXmppSettings settings, StanzaRouter router, ILogger<ConferenceRequestHandler> logger)
    {
        _conferences = conferences;
        _settings = settings;
        _logger = logger;
        router.HandleIq(IqType.Set, Namespaces.Focus + "conference", HandleIqAsync);
    }

    /// <summary>Starts (or finds) the conference of <paramref name="room"/>; throws <see cref="StanzaErrorException"/>
    /// with <c>bad-request</c> for a missing or foreign room.</summary>
    public async Task<ConferenceRequestResult> RequestAsync(string? room, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(room))
        {
            throw new StanzaErrorException(StanzaError.Of(StanzaErrorCondition.BadRequest, "the conference request has no room"));
        }
        if (!Jid.TryParse(room, out var roomJid) || roomJid.Local is null || !roomJid.IsBare || roomJid.Domain != Jid.Parse(_settings.MucDomain).Domain)
        {
            throw new StanzaErrorException(StanzaError.Of(StanzaErrorCondition.BadRequest, $"the room must be a bare JID in {_settings.MucDomain} (got '{room}')"));
        }
        Conference conference;
        try
        {
            conference = await _conferences.GetOrStartAsync(roomJid, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StanzaErrorException or TimeoutException or IOException)
        {
            _logger.LogWarning("Could not start the conference in {Room}: {Reason}", roomJid, e.Message);
            throw new StanzaErrorException(StanzaError.Of(StanzaErrorCondition.InternalServerError, "could not create the room: " + e.Message));
        }
        var properties = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["authentication"] = "false",
            ["visitors-supported"] = "false",
        };
        return new ConferenceRequestResult(roomJid, conference.IsStarted, _settings.ComponentName, properties);
    }

    private async Task<XElement?> HandleIqAsync(Iq iq, CancellationToken cancellationToken)
    {
        var request = iq.Payload!;
        var result = await RequestAsync((string?)request.Attribute("room"), cancellationToken).ConfigureAwait(false);
        // The attribute is spelled focusjid, all lower case (PROTOCOL.md §1.2).
        return new XElement(Namespaces.Focus + "conference",
            new XAttribute("room", result.Room.ToString()),
            new XAttribute("ready", result.Ready ? "true" : "false"),
            new XAttribute("focusjid", result.FocusJid),
            result.Properties.Select(p => new XElement(Namespaces.Focus + "property", new XAttribute("name", p.Key), new XAttribute("value", p.Value))));
    }
}
