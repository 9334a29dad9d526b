namespace Jitsi.Net.XmppComponent.Xml;

/// <summary>Why the incoming XML stream cannot go on; maps to an RFC 6120 §4.9.3 stream error condition.</summary>
public sealed record XmlStreamError(string Condition, string Text)
{
    /// <summary>RFC 6120 §4.9.3.13: the XML is not well-formed.</summary>
    public static XmlStreamError NotWellFormed(string text) => new("not-well-formed", text);

    /// <summary>RFC 6120 §4.9.3.18 / §11.1: comments, processing instructions, DTDs or entity references.</summary>
    public static XmlStreamError RestrictedXml(string text) => new("restricted-xml", text);

    /// <summary>RFC 6120 §4.9.3.16: a local limit (here: the stanza size) was exceeded.</summary>
    public static XmlStreamError PolicyViolation(string text) => new("policy-violation", text);

    /// <summary>RFC 6120 §4.9.3.10: the stream or content namespace is wrong.</summary>
    public static XmlStreamError InvalidNamespace(string text) => new("invalid-namespace", text);
}

/// <summary>Thrown inside the tokenizer and turned into an <see cref="XmlStreamError"/> at its edge.</summary>
internal sealed class XmlStreamException(XmlStreamError error) : Exception(error.Condition + ": " + error.Text)
{
    public XmlStreamError Error { get; } = error;
}
