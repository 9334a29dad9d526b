using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>
/// <c>&lt;force-mute audio video/&gt;</c> (PROTOCOL.md §3.3): the bridge drops that media from the endpoint.
/// Not thread-safe: one owner at a time.
/// </summary>
public sealed class ForceMuteElement : MediaFlagsElement
{
    public static readonly XName ElementName = Namespaces.Colibri2 + "force-mute";

    public ForceMuteElement(XElement element)
        : base(element)
    {
    }

    public ForceMuteElement(bool? audio, bool? video)
        : base(ElementName, audio, video)
    {
    }
}
