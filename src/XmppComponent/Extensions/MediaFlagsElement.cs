using System.Xml.Linq;

namespace Jitsi.Net.XmppComponent.Extensions;

/// <summary>
/// An element whose state is a pair of <c>audio</c>/<c>video</c> boolean attributes: colibri2 <c>force-mute</c> and
/// Jitsi's <c>startmuted</c>. Absent or malformed reads as null (leave as it is). Not thread-safe: one owner at a time.
/// </summary>
public abstract class MediaFlagsElement : ElementView
{
    protected MediaFlagsElement(XElement element)
        : base(element)
    {
    }

    protected MediaFlagsElement(XName name, bool? audio, bool? video)
        : base(new XElement(name))
    {
        Audio = audio;
        Video = video;
    }

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
