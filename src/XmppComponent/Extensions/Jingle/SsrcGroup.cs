using System.Diagnostics.CodeAnalysis;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

/// <summary>
/// An SSRC group of the neutral source model (RFC 5576 §4.2): semantics (<c>SIM</c>, <c>FID</c>, <c>FEC-FR</c>) and
/// the SSRCs in order. Equal by value. Immutable and thread-safe.
/// </summary>
public sealed record SsrcGroup(string Semantics, IReadOnlyList<uint> Ssrcs)
{
    /// <summary>Checks the rules Jicofo applies (PROTOCOL.md §2.3): a group has SSRCs, no repeats, FID has exactly two.</summary>
    public static bool TryCreate(string semantics, IReadOnlyList<uint> ssrcs, [NotNullWhen(true)] out SsrcGroup? group,
        [NotNullWhen(false)] out string? reason)
    {
        group = null;
        reason = ssrcs.Count == 0 ? $"{semantics} group without ssrcs"
            : semantics == SourceGroupElement.FlowId && ssrcs.Count != 2 ? $"FID group with {ssrcs.Count} ssrcs (needs 2)"
            : ssrcs.Distinct().Count() != ssrcs.Count ? $"{semantics} group repeats an ssrc"
            : null;
        if (reason is null)
        {
            group = new SsrcGroup(semantics, ssrcs);
        }
        return group is not null;
    }

    public bool Equals(SsrcGroup? other) =>
        other is not null && Semantics == other.Semantics && Ssrcs.SequenceEqual(other.Ssrcs);

    public override int GetHashCode() => HashCode.Combine(Semantics, Ssrcs.Count, Ssrcs.Count > 0 ? Ssrcs[0] : 0);
}
