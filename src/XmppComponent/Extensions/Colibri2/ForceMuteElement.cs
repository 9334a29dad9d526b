using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Colibri2;

/// <summary>
/// <c>&lt;force-mute audio video/&gt;</c> (PROTOCOL.md §3.3): the bridge drops that media from the endpoint.
/// Not thread-safe: one owner at a time.
/// </summary>
public sealed class ForceMuteElement : ElementView
{
    public static readonly XName ElementName = Namespaces.Colibri2 + "force-mute";

    public ForceMuteElement(XElement element)
        : base(element)
    {
    }

    public ForceMuteElement(bool? audio, bool? video)
        : base(new XElement(ElementName))
    {
        Audio = audio;
        Video = video;
    }

    /// <summary>Null when absent or malformed: leave as it is.</summary>
    public bool? Audio
    {
        get => GetBool("audio");
        set => SetBool("audio", value);
    }

    public bool? Video
    {
        get => GetBool("video");
        set => SetBool("video", value);
    }
}
