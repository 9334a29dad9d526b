using System.Xml.Linq;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>
/// What an <c>endpoint</c> and a <c>relay</c> share (PROTOCOL.md §3.3, §3.4): an id, <c>create</c>/<c>expire</c> flags
/// (written only when true), <c>media</c> and a <c>transport</c>. Not thread-safe: one owner at a time.
/// </summary>
public abstract class Colibri2Entity : ElementView
{
    protected Colibri2Entity(XElement element)
        : base(element)
    {
    }

    public string? Id
    {
        get => GetString("id");
        set => SetString("id", value);
    }

    public bool Create { get => GetFlag("create"); set => SetFlag("create", value); }

    public bool Expire { get => GetFlag("expire"); set => SetFlag("expire", value); }

    /// <summary>Codec and header-extension maps, one per media type.</summary>
    public IEnumerable<MediaElement> Media => Element.Elements(MediaElement.ElementName).Select(e => new MediaElement(e));

    public TransportElement? Transport => Element.Element(TransportElement.ElementName) is { } e ? new TransportElement(e) : null;
}
