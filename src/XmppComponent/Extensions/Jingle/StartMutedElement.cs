using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Stanzas;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// <c>&lt;startmuted xmlns="http://jitsi.org/jitmeet/start-muted" audio video/&gt;</c> in a session-initiate when the
/// participant must start muted (PROTOCOL.md §2.2). Not thread-safe: one owner at a time.
/// </summary>
public sealed class StartMutedElement : MediaFlagsElement
{
    public static readonly XName ElementName = Namespaces.StartMuted + "startmuted";

    public StartMutedElement(XElement element)
        : base(element)
    {
    }

    public StartMutedElement(bool audio, bool video)
        : base(ElementName, audio, video)
    {
    }
}
