namespace Jitsi.Net.Videobridge.Forwarding;

/// <summary>The bridge-wide forwarding policy (section <c>Media</c>, see <see cref="BridgeMediaSettings"/>). Immutable;
/// any thread.</summary>
internal sealed record ForwardingOptions
{
    /// <summary>Last-N for a receiver that did not send its own over the bridge channel (−1 = all).</summary>
    public int DefaultLastN { get; init; } = -1;

    /// <summary>0: every source's audio is forwarded. N &gt; 0: only the audio of the current and recent speakers'
    /// first N and of whoever is speaking now (<see cref="DominantSpeaker.AdmitsAudio"/>).</summary>
    public int AudioSpeakersForwarded { get; init; }
}
