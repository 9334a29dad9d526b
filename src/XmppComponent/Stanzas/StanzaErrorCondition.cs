namespace Jitsi.Net.XmppComponent.Stanzas;

/// <summary>The defined stanza error conditions of RFC 6120 §8.3.3.</summary>
public enum StanzaErrorCondition
{
    BadRequest,
    Conflict,
    FeatureNotImplemented,
    Forbidden,
    Gone,
    InternalServerError,
    ItemNotFound,
    JidMalformed,
    NotAcceptable,
    NotAllowed,
    NotAuthorized,
    PolicyViolation,
    RecipientUnavailable,
    Redirect,
    RegistrationRequired,
    RemoteServerNotFound,
    RemoteServerTimeout,
    ResourceConstraint,
    ServiceUnavailable,
    SubscriptionRequired,
    UndefinedCondition,
    UnexpectedRequest,
}

/// <summary>The error types of RFC 6120 §8.3.2.</summary>
public enum StanzaErrorType
{
    Auth,
    Cancel,
    Continue,
    Modify,
    Wait,
}
