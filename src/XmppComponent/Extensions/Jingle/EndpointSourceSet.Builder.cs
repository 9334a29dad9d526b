using System.Diagnostics.CodeAnalysis;

namespace Jitsi.Net.XmppComponent.Extensions.Jingle;

public sealed partial class EndpointSourceSet
{
    /// <summary>
    /// Collects SSRCs and groups from the XML or JSON form and checks them the way Jicofo does (PROTOCOL.md §2.3):
    /// every SSRC in 1..2^32−1 and owned by one source, every source named, every grouped SSRC signalled in the same
    /// owner and media, FID groups of two. SSRCs with the same owner, media and name form one
    /// <see cref="SourceDescription"/>; a group joins the source of its first SSRC. Linear in the input.
    /// Not thread-safe: one owner at a time.
    /// </summary>
    public sealed class Builder
    {
        private readonly List<Key> _keys = [];
        private readonly Dictionary<Key, Entry> _entries = [];
        private readonly Dictionary<uint, Key> _ssrcs = [];
        private readonly List<(MediaType Media, SsrcGroup Group)> _groups = [];

        private readonly record struct Key(string Owner, MediaType Media, string Name);

        private sealed class Entry(string? msid, string? videoType)
        {
            public List<uint> Ssrcs { get; } = [];
            public List<SsrcGroup> Groups { get; } = [];
            public string? Msid { get; } = msid;
            public string? VideoType { get; } = videoType;
        }

        /// <summary>The XEP-0339 sources and groups of one description (<c>media</c> audio or video; others are skipped).</summary>
        public bool TryAdd(RtpDescriptionElement description, string? defaultOwner, [NotNullWhen(false)] out string? reason)
        {
            reason = null;
            if (!MediaTypeNames.TryParse(description.Media, out var media))
            {
                return true;
            }
            foreach (var source in description.Sources)
            {
                if (!source.TryGetSsrc(out var ssrc, out reason)
                    || !TryAddSource(source.Owner ?? defaultOwner, media, ssrc, source.Name, source.Msid, source.VideoType, out reason))
                {
                    return false;
                }
            }
            foreach (var group in description.SourceGroups)
            {
                if (!group.TryGetSsrcs(out var ssrcs, out reason) || !TryAddGroup(media, group.Semantics!, ssrcs, out reason))
                {
                    return false;
                }
            }
            return true;
        }

        /// <summary>Every SSRC and group of a source of the model, e.g. when re-encoding a stored set.</summary>
        public bool TryAdd(SourceDescription source, [NotNullWhen(false)] out string? reason)
        {
            reason = null;
            foreach (var ssrc in source.Ssrcs)
            {
                if (!TryAddSource(source.Owner, source.Media, ssrc, source.Name, source.Msid, source.VideoType, out reason))
                {
                    return false;
                }
            }
            foreach (var group in source.Groups)
            {
                if (!TryAddGroup(source.Media, group.Semantics, group.Ssrcs, out reason))
                {
                    return false;
                }
            }
            return true;
        }

        public bool TryAddSource(string? owner, MediaType media, uint ssrc, string? name, string? msid, string? videoType,
            [NotNullWhen(false)] out string? reason)
        {
            reason = ssrc == 0 ? "ssrc 0 is not allowed"
                : string.IsNullOrEmpty(name) ? $"source {ssrc} without name"
                : string.IsNullOrEmpty(owner) ? $"source {ssrc} without owner"
                : null;
            if (reason is not null)
            {
                return false;
            }
            var key = new Key(owner!, media, name!);
            if (_ssrcs.TryGetValue(ssrc, out var existing))
            {
                // The same SSRC twice in one source is harmless; in two sources it is a conflict.
                reason = existing == key ? null : $"ssrc {ssrc} is signalled by two sources";
                return reason is null;
            }
            _ssrcs.Add(ssrc, key);
            if (!_entries.TryGetValue(key, out var entry))
            {
                _entries.Add(key, entry = new Entry(msid, videoType));
                _keys.Add(key);
            }
            entry.Ssrcs.Add(ssrc);
            return true;
        }

        public bool TryAddGroup(MediaType media, string semantics, IReadOnlyList<uint> ssrcs, [NotNullWhen(false)] out string? reason)
        {
            if (!SsrcGroup.TryCreate(semantics, ssrcs, out var group, out reason))
            {
                return false;
            }
            _groups.Add((media, group));
            return true;
        }

        /// <summary>Resolves the groups against the sources and produces the set.</summary>
        public bool TryBuild([NotNullWhen(true)] out EndpointSourceSet? sources, [NotNullWhen(false)] out string? reason)
        {
            sources = null;
            foreach (var (media, group) in _groups)
            {
                if (!TryPlace(media, group, out reason))
                {
                    return false;
                }
            }
            var owners = new List<string>();
            var byOwner = new Dictionary<string, List<SourceDescription>>(StringComparer.Ordinal);
            foreach (var key in _keys)
            {
                var entry = _entries[key];
                if (!byOwner.TryGetValue(key.Owner, out var list))
                {
                    byOwner.Add(key.Owner, list = []);
                    owners.Add(key.Owner);
                }
                list.Add(new SourceDescription(key.Owner, key.Media, key.Name, entry.Ssrcs, entry.Groups, entry.Msid, entry.VideoType));
            }
            sources = new EndpointSourceSet(owners, byOwner);
            reason = null;
            return true;
        }

        private bool TryPlace(MediaType media, SsrcGroup group, [NotNullWhen(false)] out string? reason)
        {
            Key? first = null;
            foreach (var ssrc in group.Ssrcs)
            {
                if (!_ssrcs.TryGetValue(ssrc, out var key))
                {
                    reason = $"{group.Semantics} group names ssrc {ssrc}, which is not signalled";
                    return false;
                }
                if (key.Media != media || (first is { } f && f.Owner != key.Owner))
                {
                    reason = $"{group.Semantics} group mixes owners or media";
                    return false;
                }
                first ??= key;
            }
            _entries[first!.Value].Groups.Add(group);
            reason = null;
            return true;
        }
    }
}
