using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Focus.Jingle;

/// <summary>
/// Builds <c>source-add</c>/<c>source-remove</c> toward a participant (PROTOCOL.md §2.5): the sources as a
/// <c>json-message</c> when the receiver supports it, otherwise as XEP-0339 elements in an <c>audio</c> and/or
/// <c>video</c> content. Pure; thread-safe.
/// </summary>
internal static class SourceSignal
{
    public static JingleElement Build(JingleAction action, string sid, EndpointSourceSet sources, bool json)
    {
        var jingle = new JingleElement(action, sid);
        if (json)
        {
            return jingle.Add(new JsonMessageElement(sources));
        }
        foreach (var media in new[] { MediaType.Audio, MediaType.Video }.Where(m => sources.OfMedia(m).Any()))
        {
            var description = new RtpDescriptionElement(media.ToWire());
            sources.AddTo(description, media);
            jingle.Add(new ContentElement(media.ToWire()).Add(description));
        }
        return jingle;
    }
}
