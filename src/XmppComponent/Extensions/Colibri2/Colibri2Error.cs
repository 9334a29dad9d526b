using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>
/// The application condition <c>&lt;error xmlns="jitsi:colibri2" reason=".."/&gt;</c> a bridge adds to an IQ error
/// (PROTOCOL.md §3.5), with the reasons (lower case on the wire) and the XMPP condition that goes with each.
/// For <c>unknown_endpoint</c> an <c>&lt;endpoint id=".."/&gt;</c> names the endpoint. Not thread-safe: one owner at a time.
/// </summary>
public sealed class Colibri2Error : ElementView
{
    public static readonly XName ElementName = Namespaces.Colibri2 + "error";

    public const string ConferenceNotFound = "conference_not_found";
    public const string ConferenceAlreadyExists = "conference_already_exists";
    public const string FeatureNotImplemented = "feature_not_implemented";
    public const string GracefulShutdown = "graceful_shutdown";
    public const string UnknownEndpoint = "unknown_endpoint";
    public const string Unspecified = "unspecified";

    public Colibri2Error(XElement element)
        : base(element)
    {
    }

    public Colibri2Error(string reason, string? endpointId = null)
        : base(new XElement(ElementName, new XAttribute("reason", reason)))
    {
        if (endpointId is not null)
        {
            Element.Add(new XElement(EndpointElement.ElementName, new XAttribute("id", endpointId)));
        }
    }

    public string? Reason => GetString("reason");

    /// <summary>The endpoint an <c>unknown_endpoint</c> error names, inside this element.</summary>
    public string? EndpointId => (string?)Element.Element(EndpointElement.ElementName)?.Attribute("id");

    /// <summary>The colibri2 condition of an IQ error, if it has one.</summary>
    public static Colibri2Error? FromStanzaError(StanzaError? error) =>
        error?.ApplicationCondition is { } e && e.Name == ElementName ? new Colibri2Error(e) : null;

    /// <summary>A complete stanza error with the XMPP condition of the table in §3.5.</summary>
    public static StanzaError ToStanzaError(string reason, string? text = null, string? endpointId = null) =>
        StanzaError.Of(reason switch
        {
            ConferenceNotFound or UnknownEndpoint => StanzaErrorCondition.ItemNotFound,
            ConferenceAlreadyExists => StanzaErrorCondition.Conflict,
            GracefulShutdown => StanzaErrorCondition.ServiceUnavailable,
            FeatureNotImplemented => StanzaErrorCondition.FeatureNotImplemented,
            _ => StanzaErrorCondition.InternalServerError,
        }, text, new Colibri2Error(reason, endpointId).Element);
}
