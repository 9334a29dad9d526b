using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>What the bridge does with packets of one SSRC a sender signalled.</summary>
internal readonly record struct SsrcRole(MediaType Media, bool Forward, string SourceName, uint PrimarySsrc);

/// <summary>
/// An endpoint's signalled SSRCs, as the forwarder needs them: audio SSRCs are forwarded; for video only the
/// source's primary SSRC (the first of its SIM group) and that SSRC's RTX (its FID partner) are forwarded, because
/// receivers are told only about those (PROTOCOL.md §2.2, simulcast stripped); the other layers are dropped and
/// counted until layer selection exists. Immutable; rebuilt on each source update and swapped on the Worker thread.
/// </summary>
internal sealed class SourceTable
{
    private readonly Dictionary<uint, SsrcRole> _roles;
    private readonly Dictionary<uint, uint> _rtxOfPrimary;

    private SourceTable(Dictionary<uint, SsrcRole> roles, Dictionary<uint, uint> rtxOfPrimary, IReadOnlyList<string> audio, IReadOnlyList<string> video)
    {
        _roles = roles;
        _rtxOfPrimary = rtxOfPrimary;
        AudioSourceNames = audio;
        VideoSourceNames = video;
    }

    public static SourceTable Empty { get; } = new([], [], [], []);

    public IReadOnlyList<string> AudioSourceNames { get; }

    public IReadOnlyList<string> VideoSourceNames { get; }

    /// <summary>The RTX SSRC paired with a forwarded primary SSRC (its FID partner), for retransmissions.</summary>
    public bool TryGetRtxSsrc(uint primarySsrc, out uint rtxSsrc) => _rtxOfPrimary.TryGetValue(primarySsrc, out rtxSsrc);

    /// <summary>Each forwarded primary video SSRC with its RTX SSRC (read-only; for the bridge's own RTX padding).</summary>
    public Dictionary<uint, uint> RtxOfPrimary => _rtxOfPrimary;

    public int Count => _roles.Count;

    public bool TryGet(uint ssrc, out SsrcRole role) => _roles.TryGetValue(ssrc, out role);

    /// <summary>True if <paramref name="ssrc"/> is a forwarded video SSRC (for key-frame requests).</summary>
    public bool IsForwardedVideo(uint ssrc) => _roles.TryGetValue(ssrc, out var role) && role.Media == MediaType.Video && role.Forward;

    public static SourceTable From(EndpointSourceSet sources)
    {
        var roles = new Dictionary<uint, SsrcRole>();
        var rtxOfPrimary = new Dictionary<uint, uint>();
        foreach (var source in sources.Sources)
        {
            var primary = source.PrimarySsrc;
            var primaryRtx = source.Groups
                .Where(g => g.Semantics == SourceGroupElement.FlowId && g.Ssrcs.Count == 2 && g.Ssrcs[0] == primary)
                .Select(g => (uint?)g.Ssrcs[1]).FirstOrDefault();
            if (primaryRtx is { } rtx)
            {
                rtxOfPrimary[primary] = rtx;
            }
            foreach (var ssrc in source.Ssrcs)
            {
                var forward = source.Media == MediaType.Audio || ssrc == primary || ssrc == primaryRtx;
                roles[ssrc] = new SsrcRole(source.Media, forward, source.Name, primary);
            }
        }
        var audio = sources.Sources.Where(s => s.Media == MediaType.Audio).Select(s => s.Name).ToList();
        var video = sources.Sources.Where(s => s.Media == MediaType.Video).Select(s => s.Name).ToList();
        return new SourceTable(roles, rtxOfPrimary, audio, video);
    }
}
