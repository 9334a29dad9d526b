using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Interop.Tests.Focus;

/// <summary>Reads the sources of a Jingle request the way the client does (JSON or XML).</summary>
internal static class JingleSources
{
    public static bool TryGetSources(this XElement jingle, out EndpointSourceSet sources)
    {
        var ok = new JingleElement(jingle).TryGetSources("unknown", 1000, out var parsed, out _);
        sources = parsed ?? EndpointSourceSet.Empty;
        return ok;
    }
}
