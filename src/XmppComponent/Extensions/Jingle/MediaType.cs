using System.Diagnostics.CodeAnalysis;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>The media kinds a source or a colibri2 <c>media</c> element can have.</summary>
public enum MediaType
{
    Audio,
    Video,
}

/// <summary>Wire names of <see cref="MediaType"/> (<c>audio</c>, <c>video</c>, lower case). Thread-safe.</summary>
public static class MediaTypeNames
{
    public static string ToWire(this MediaType media) => media == MediaType.Audio ? "audio" : "video";

    public static bool TryParse([NotNullWhen(true)] string? name, out MediaType media)
    {
        media = name == "video" ? MediaType.Video : MediaType.Audio;
        return name is "audio" or "video";
    }
}
