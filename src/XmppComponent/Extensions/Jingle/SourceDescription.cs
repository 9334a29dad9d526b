namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// One named media source of the neutral source model shared by the XML (<c>&lt;source&gt;</c>/<c>&lt;ssrc-group&gt;</c>),
/// JSON (<c>json-message</c>) and colibri2 (<c>media-source</c>) forms: the owning endpoint id, media type, source
/// name (<c>&lt;ep&gt;-v0</c>), its SSRCs (simulcast layers and RTX), the groups among them, msid and video type
/// (<c>camera</c>/<c>desktop</c>, or null when unsignalled). Equal by value. Immutable and thread-safe.
/// </summary>
public sealed record SourceDescription(
    string Owner,
    MediaType Media,
    string Name,
    IReadOnlyList<uint> Ssrcs,
    IReadOnlyList<SsrcGroup> Groups,
    string? Msid = null,
    string? VideoType = null)
{
    public const string Desktop = "desktop";
    public const string Camera = "camera";

    /// <summary>The SSRC a receiver sees when simulcast is stripped: the first of a SIM group, else the first one
    /// (PROTOCOL.md §2.2).</summary>
    public uint PrimarySsrc => Groups.FirstOrDefault(g => g.Semantics == SourceGroupElement.Simulcast)?.Ssrcs[0] ?? Ssrcs[0];

    public bool Equals(SourceDescription? other) =>
        other is not null && Owner == other.Owner && Media == other.Media && Name == other.Name && Msid == other.Msid
        && VideoType == other.VideoType && Ssrcs.SequenceEqual(other.Ssrcs) && Groups.SequenceEqual(other.Groups);

    public override int GetHashCode() => HashCode.Combine(Owner, Media, Name, Ssrcs.Count);
}
