using System.Xml.Linq;
using Jitsi.Net.Focus.Bridges;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Focus.Jingle;

/// <summary>
/// Builds the <c>session-initiate</c> the focus sends a participant (PROTOCOL.md §2.2): one content per offered
/// media (no <c>data</c>: the bridge has no SCTP), each with the offer's description, the other participants'
/// sources (simulcast already stripped) plus the bridge's feedback sources, and a copy of the bridge's ICE-UDP
/// transport with <c>rtcp-mux</c> and the fingerprint as <c>setup="actpass"</c> (the browser answers active);
/// then the BUNDLE group, <c>bridge-session</c> and, for clients that support it, the sources as
/// <c>json-message</c> instead of XML. Pure; thread-safe.
/// </summary>
internal static class Offer
{
    public static JingleElement Build(string sid, string initiator, MediaOffer offer, ColibriAllocation allocation,
        EndpointSourceSet remoteSources, string bridgeSessionId, string? region)
    {
        var jingle = new JingleElement(JingleAction.SessionInitiate, sid, initiator);
        var json = offer.Features.JsonSources;
        foreach (var media in offer.MediaTypes)
        {
            var description = offer.Description(media);
            if (!json)
            {
                remoteSources.AddTo(description, media);
            }
            jingle.Add(new ContentElement(media.ToWire()).Add(description, Transport(allocation.Transport)));
        }
        jingle.Add(new GroupElement(GroupElement.Bundle, [.. offer.MediaTypes.Select(m => m.ToWire())]));
        jingle.Add(new BridgeSessionElement(bridgeSessionId, region));
        if (json)
        {
            jingle.Add(new JsonMessageElement(remoteSources));
        }
        return jingle;
    }

    /// <summary>The bridge's transport as the offerer's: same ICE credentials, candidates and web-socket URLs, rtcp-mux,
    /// fingerprint with <c>setup="actpass"</c> (XEP-0320 §3).</summary>
    private static IceUdpTransportElement Transport(IceUdpTransportElement bridgeTransport)
    {
        var transport = new IceUdpTransportElement(new XElement(bridgeTransport.Element));
        transport.RtcpMux = true;
        foreach (var fingerprint in transport.Fingerprints)
        {
            fingerprint.Setup = "actpass";
        }
        return transport;
    }
}
