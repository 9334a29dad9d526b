using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>What one SSRC a sender signalled is: audio, or a video source's encoding (index in SIM order) or that
/// encoding's RTX. <see cref="Layout"/> is null for audio.</summary>
internal readonly record struct SsrcRole(MediaType Media, string SourceName, uint PrimarySsrc, int Encoding, bool IsRtx, VideoSourceLayout? Layout);

/// <summary>
/// An endpoint's signalled SSRCs, as the forwarder needs them: audio SSRCs, and per video source every SIM encoding
/// (index 0 = lowest, PROTOCOL.md §6.1) with its RTX (FID partner). Receivers are told only about each source's
/// first SIM SSRC and its RTX (§2.2, simulcast stripped); the forwarder projects the encoding it picks for each of
/// them onto that SSRC (<see cref="LayerProjection"/>). Immutable; rebuilt on each source update and swapped on the
/// Worker thread.
/// </summary>
internal sealed class SourceTable
{
    private readonly Dictionary<uint, SsrcRole> _roles;

    private SourceTable(Dictionary<uint, SsrcRole> roles, IReadOnlyList<string> audio, IReadOnlyList<VideoSourceLayout> video)
    {
        _roles = roles;
        AudioSourceNames = audio;
        VideoSources = video;
        VideoSourceNames = [.. video.Select(v => v.Name)];
    }

    public static SourceTable Empty { get; } = new([], [], []);

    public IReadOnlyList<string> AudioSourceNames { get; }

    public IReadOnlyList<string> VideoSourceNames { get; }

    /// <summary>The video sources in signalling order.</summary>
    public IReadOnlyList<VideoSourceLayout> VideoSources { get; }

    /// <summary>The RTX SSRC paired with a source's first SIM SSRC (its FID partner): where receivers expect the
    /// bridge's retransmissions.</summary>
    public bool TryGetRtxSsrc(uint primarySsrc, out uint rtxSsrc)
    {
        rtxSsrc = _roles.TryGetValue(primarySsrc, out var role) && role.Layout is { } layout && !role.IsRtx ? layout.RtxSsrcs[0] : 0;
        return rtxSsrc != 0;
    }

    public int Count => _roles.Count;

    public bool TryGet(uint ssrc, out SsrcRole role) => _roles.TryGetValue(ssrc, out role);

    /// <summary>True if <paramref name="ssrc"/> is a video source's first SIM SSRC (the one receivers know).</summary>
    public bool IsForwardedVideo(uint ssrc) =>
        _roles.TryGetValue(ssrc, out var role) && role.Media == MediaType.Video && !role.IsRtx && role.Encoding == 0;

    public static SourceTable From(EndpointSourceSet sources)
    {
        var roles = new Dictionary<uint, SsrcRole>();
        var video = new List<VideoSourceLayout>();
        foreach (var source in sources.Sources)
        {
            if (source.Media != MediaType.Video)
            {
                foreach (var ssrc in source.Ssrcs)
                {
                    roles[ssrc] = new SsrcRole(source.Media, source.Name, source.PrimarySsrc, 0, false, null);
                }
                continue;
            }
            var sim = source.Groups.FirstOrDefault(g => g.Semantics == SourceGroupElement.Simulcast)?.Ssrcs;
            uint[] encodings = sim is { Count: > 0 } ? [.. sim] : [source.PrimarySsrc];
            var rtx = encodings.Select(e => source.Groups
                .Where(g => g.Semantics == SourceGroupElement.FlowId && g.Ssrcs.Count == 2 && g.Ssrcs[0] == e)
                .Select(g => g.Ssrcs[1]).FirstOrDefault()).ToArray();
            var layout = new VideoSourceLayout(source.Name, encodings, rtx);
            video.Add(layout);
            for (var i = 0; i < encodings.Length; i++)
            {
                roles[encodings[i]] = new SsrcRole(MediaType.Video, source.Name, layout.PrimarySsrc, i, false, layout);
                if (rtx[i] != 0)
                {
                    roles[rtx[i]] = new SsrcRole(MediaType.Video, source.Name, layout.PrimarySsrc, i, true, layout);
                }
            }
        }
        var audio = sources.Sources.Where(s => s.Media == MediaType.Audio).Select(s => s.Name).ToList();
        return new SourceTable(roles, audio, video);
    }
}
