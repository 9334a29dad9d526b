using System.Xml.Linq;

namespace Jitsi.Net.XmppComponent.Xml;

/// <summary>What the parser found: the stream header, one complete top-level element, or the stream's end.</summary>
public enum XmlStreamEventKind
{
    StreamStart,
    Element,
    StreamEnd,
}

/// <summary>One parsed stream event. For <see cref="XmlStreamEventKind.StreamStart"/> the element is the
/// header with its attributes and no children; for <see cref="XmlStreamEventKind.Element"/> it is a detached stanza.</summary>
public readonly record struct XmlStreamEvent(XmlStreamEventKind Kind, XElement? Element);
