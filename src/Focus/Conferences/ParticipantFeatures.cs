namespace Jitsi.Net.Focus.Conferences;

/// <summary>
/// What a participant's disco#info answer lets the focus offer (PROTOCOL.md §1.6): audio and video contents, RTX,
/// transport-cc, and sources as <c>json-message</c>. When disco fails or times out, audio and video are assumed
/// (with RTX and transport-cc, which every browser supports) and sources go as XML, which every client reads.
/// Immutable.
/// </summary>
internal sealed record ParticipantFeatures(bool Audio, bool Video, bool Rtx, bool TransportCc, bool JsonSources)
{
    public const string AudioFeature = "urn:xmpp:jingle:apps:rtp:audio";
    public const string VideoFeature = "urn:xmpp:jingle:apps:rtp:video";
    public const string RtxFeature = "urn:ietf:rfc:4588";
    public const string TccFeature = "http://jitsi.org/tcc";
    public const string JsonSourcesFeature = "http://jitsi.org/json-encoded-sources";

    public static ParticipantFeatures Default { get; } = new(true, true, true, true, false);

    public static ParticipantFeatures From(IReadOnlyCollection<string> features) => new(
        features.Contains(AudioFeature),
        features.Contains(VideoFeature),
        features.Contains(RtxFeature),
        features.Contains(TccFeature),
        features.Contains(JsonSourcesFeature));
}
