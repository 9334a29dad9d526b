using System.Xml.Linq;

namespace Jitsi.Net.XmppComponent.Stanzas;

/// <summary>
/// A stanza error (RFC 6120 §8.3): type, defined condition, optional text and an optional application-specific
/// element (e.g. colibri2's <c>&lt;error reason=…/&gt;</c>). Immutable.
/// </summary>
public sealed record StanzaError(StanzaErrorType Type, StanzaErrorCondition Condition, string? Text = null, XElement? ApplicationCondition = null)
{
    private static readonly XName ErrorName = Namespaces.Client + "error";

    /// <summary>An error with the type RFC 6120 §8.3.3 gives as usual for the condition.</summary>
    public static StanzaError Of(StanzaErrorCondition condition, string? text = null, XElement? applicationCondition = null) =>
        new(DefaultType(condition), condition, text, applicationCondition);

    public string ConditionName => ToName(Condition);

    public XElement ToElement()
    {
        var element = new XElement(ErrorName,
            new XAttribute("type", Type.ToString().ToLowerInvariant()),
            new XElement(Namespaces.Stanzas + ConditionName));
        if (Text is not null)
        {
            element.Add(new XElement(Namespaces.Stanzas + "text", Text));
        }
        if (ApplicationCondition is not null)
        {
            element.Add(new XElement(ApplicationCondition));
        }
        return element;
    }

    /// <summary>Reads the <c>error</c> child of a stanza; null if there is none. Unknown conditions read as
    /// <see cref="StanzaErrorCondition.UndefinedCondition"/>, as RFC 6120 §8.3.2 asks.</summary>
    public static StanzaError? FromStanza(XElement stanza)
    {
        var error = stanza.Element(ErrorName);
        if (error is null)
        {
            return null;
        }
        var conditionElement = error.Elements().FirstOrDefault(e => e.Name.Namespace == Namespaces.Stanzas && e.Name.LocalName != "text");
        var condition = conditionElement is not null && TryParseName(conditionElement.Name.LocalName, out var c) ? c : StanzaErrorCondition.UndefinedCondition;
        var type = Enum.TryParse<StanzaErrorType>((string?)error.Attribute("type"), ignoreCase: true, out var t) ? t : DefaultType(condition);
        var text = (string?)error.Element(Namespaces.Stanzas + "text");
        var application = error.Elements().FirstOrDefault(e => e.Name.Namespace != Namespaces.Stanzas);
        return new StanzaError(type, condition, text, application);
    }

    public static string ToName(StanzaErrorCondition condition) => condition switch
    {
        StanzaErrorCondition.BadRequest => "bad-request",
        StanzaErrorCondition.Conflict => "conflict",
        StanzaErrorCondition.FeatureNotImplemented => "feature-not-implemented",
        StanzaErrorCondition.Forbidden => "forbidden",
        StanzaErrorCondition.Gone => "gone",
        StanzaErrorCondition.InternalServerError => "internal-server-error",
        StanzaErrorCondition.ItemNotFound => "item-not-found",
        StanzaErrorCondition.JidMalformed => "jid-malformed",
        StanzaErrorCondition.NotAcceptable => "not-acceptable",
        StanzaErrorCondition.NotAllowed => "not-allowed",
        StanzaErrorCondition.NotAuthorized => "not-authorized",
        StanzaErrorCondition.PolicyViolation => "policy-violation",
        StanzaErrorCondition.RecipientUnavailable => "recipient-unavailable",
        StanzaErrorCondition.Redirect => "redirect",
        StanzaErrorCondition.RegistrationRequired => "registration-required",
        StanzaErrorCondition.RemoteServerNotFound => "remote-server-not-found",
        StanzaErrorCondition.RemoteServerTimeout => "remote-server-timeout",
        StanzaErrorCondition.ResourceConstraint => "resource-constraint",
        StanzaErrorCondition.ServiceUnavailable => "service-unavailable",
        StanzaErrorCondition.SubscriptionRequired => "subscription-required",
        StanzaErrorCondition.UnexpectedRequest => "unexpected-request",
        _ => "undefined-condition",
    };

    public static bool TryParseName(string name, out StanzaErrorCondition condition)
    {
        foreach (var value in Enum.GetValues<StanzaErrorCondition>())
        {
            if (ToName(value) == name)
            {
                condition = value;
                return true;
            }
        }
        condition = StanzaErrorCondition.UndefinedCondition;
        return false;
    }

    private static StanzaErrorType DefaultType(StanzaErrorCondition condition) => condition switch
    {
        StanzaErrorCondition.BadRequest or StanzaErrorCondition.JidMalformed or StanzaErrorCondition.NotAcceptable
            or StanzaErrorCondition.NotAllowed or StanzaErrorCondition.PolicyViolation or StanzaErrorCondition.Redirect
            or StanzaErrorCondition.Gone => StanzaErrorType.Modify,
        StanzaErrorCondition.Forbidden or StanzaErrorCondition.NotAuthorized or StanzaErrorCondition.RegistrationRequired
            or StanzaErrorCondition.SubscriptionRequired => StanzaErrorType.Auth,
        StanzaErrorCondition.RecipientUnavailable or StanzaErrorCondition.RemoteServerTimeout
            or StanzaErrorCondition.ResourceConstraint or StanzaErrorCondition.UnexpectedRequest => StanzaErrorType.Wait,
        _ => StanzaErrorType.Cancel,
    };
}

/// <summary>Thrown by a handler to answer with a specific stanza error, and by <c>IQCaller</c> when the peer
/// answered a request with an error.</summary>
public sealed class StanzaErrorException(StanzaError error, string? message = null)
    : Exception(message ?? $"{error.ConditionName}{(error.Text is null ? "" : ": " + error.Text)}")
{
    public StanzaError Error { get; } = error;
}
