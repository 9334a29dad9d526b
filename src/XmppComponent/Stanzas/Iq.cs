using System.Xml.Linq;

namespace Jitsi.Net.XmppComponent.Stanzas;

/// <summary>The four IQ types of RFC 6120 §8.2.3, plus <see cref="Invalid"/> for anything else on the wire.</summary>
public enum IqType
{
    Invalid,
    Get,
    Set,
    Result,
    Error,
}

/// <summary>An info/query stanza (RFC 6120 §8.2.3). Not thread-safe.</summary>
public sealed class Iq : Stanza
{
    private static readonly XName Name = Namespaces.Client + "iq";

    public Iq(XElement element)
        : base(element)
    {
    }

    public Iq(IqType type, Jid? to = null, XElement? payload = null, string? id = null)
        : base(new XElement(Name))
    {
        Type = type;
        To = to;
        Id = id;
        if (payload is not null)
        {
            Element.Add(payload);
        }
    }

    public IqType Type
    {
        get => TypeName switch
        {
            "get" => IqType.Get,
            "set" => IqType.Set,
            "result" => IqType.Result,
            "error" => IqType.Error,
            _ => IqType.Invalid,
        };
        set => Element.SetAttributeValue("type", value switch
        {
            IqType.Get => "get",
            IqType.Set => "set",
            IqType.Result => "result",
            IqType.Error => "error",
            _ => throw new ArgumentOutOfRangeException(nameof(value)),
        });
    }

    public bool IsRequest => Type is IqType.Get or IqType.Set;

    /// <summary>The single payload child of a get or set (RFC 6120 §8.2.3 requires exactly one), or of a result.</summary>
    public XElement? Payload => Element.Elements().FirstOrDefault(e => e.Name != Namespaces.Client + "error");

    /// <summary>A <c>result</c> addressed back to the sender, with the same id, carrying <paramref name="payload"/>.</summary>
    public Iq ResultReply(XElement? payload = null)
    {
        var reply = new Iq(IqType.Result, From, payload, Id);
        reply.From = To;
        return reply;
    }

    /// <summary>An <c>error</c> reply (RFC 6120 §8.3.1): same id, addresses swapped, the request's payload echoed.</summary>
    public Iq ErrorReply(StanzaError error)
    {
        var reply = new Iq(IqType.Error, From, Payload is { } p ? new XElement(p) : null, Id);
        reply.From = To;
        reply.Element.Add(error.ToElement());
        return reply;
    }
}
