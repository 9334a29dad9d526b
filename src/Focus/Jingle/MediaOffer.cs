using Jitsi.Net.Focus.Conferences;
using Jitsi.Net.XmppComponent.Extensions.Colibri2;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Focus.Jingle;

/// <summary>
/// The codecs and RTP header extensions offered to one participant (PROTOCOL.md §2.2): Opus with in-band FEC and
/// VP8 with RTX by default, video feedback <c>ccm fir</c>, <c>nack</c>, <c>nack pli</c> and transport-cc, header
/// extensions audio-level, abs-send-time and transport-cc. The same payload types and extensions go to the bridge
/// in the colibri2 <c>media</c> of the endpoint (§3.3), so both sides agree on the maps. Immutable; builds fresh
/// elements on each call.
/// </summary>
internal sealed class MediaOffer(FocusConferenceSettings settings, ParticipantFeatures features)
{
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    public const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TransportCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";

    public ParticipantFeatures Features => features;

    /// <summary>The media offered, audio first; a participant without either feature gets no such content (§1.6).</summary>
    public IReadOnlyList<MediaType> MediaTypes =>
        [.. new[] { (MediaType.Audio, features.Audio), (MediaType.Video, features.Video) }.Where(m => m.Item2).Select(m => m.Item1)];

    /// <summary>The RTP description of one content: header extensions, payload types, extmap-allow-mixed, rtcp-mux.</summary>
    public RtpDescriptionElement Description(MediaType media)
    {
        var description = new RtpDescriptionElement(media.ToWire());
        if (media == MediaType.Audio)
        {
            // Jicofo's audio description carries maxptime="60".
            description.MaxPtime = 60;
        }
        description.Add([.. HeaderExtensions(media)]);
        description.Add([.. PayloadTypes(media)]);
        description.ExtmapAllowMixed = true;
        description.RtcpMux = true;
        return description;
    }

    /// <summary>The colibri2 <c>media</c> element with the same maps.</summary>
    public MediaElement Media(MediaType media)
    {
        var element = new MediaElement(media).Add([.. PayloadTypes(media)]).Add([.. HeaderExtensions(media)]);
        element.ExtmapAllowMixed = true;
        return element;
    }

    private IEnumerable<HeaderExtensionElement> HeaderExtensions(MediaType media)
    {
        if (media == MediaType.Audio)
        {
            yield return new HeaderExtensionElement(settings.AudioLevelExtensionId, AudioLevelUri);
        }
        else
        {
            yield return new HeaderExtensionElement(settings.AbsSendTimeExtensionId, AbsSendTimeUri);
        }
        if (features.TransportCc)
        {
            yield return new HeaderExtensionElement(settings.TransportCcExtensionId, TransportCcUri);
        }
    }

    private IEnumerable<PayloadTypeElement> PayloadTypes(MediaType media)
    {
        if (media == MediaType.Audio)
        {
            var opus = new PayloadTypeElement(settings.OpusPayloadType, "opus", 48000, 2)
                .AddParameter("minptime", "10").AddParameter("useinbandfec", "1");
            if (features.TransportCc)
            {
                opus.Add(new RtcpFeedbackElement("transport-cc"));
            }
            yield return opus;
            yield break;
        }
        var vp8 = new PayloadTypeElement(settings.Vp8PayloadType, "VP8", 90000)
            .Add(new RtcpFeedbackElement("ccm", "fir"), new RtcpFeedbackElement("nack"), new RtcpFeedbackElement("nack", "pli"));
        if (features.TransportCc)
        {
            vp8.Add(new RtcpFeedbackElement("transport-cc"));
        }
        yield return vp8;
        if (features.Rtx && settings.Vp8RtxPayloadType != 0)
        {
            yield return new PayloadTypeElement(settings.Vp8RtxPayloadType, "rtx", 90000)
                .AddParameter("apt", settings.Vp8PayloadType.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
