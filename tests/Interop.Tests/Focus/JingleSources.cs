using System.Xml.Linq;
using Jitsi.Net.XmppComponent.Extensions.Jingle;

namespace Jitsi.Net.Interop.Tests.Focus;

/// <summary>Reads the sources of a Jingle request the way the client does (JSON or XML).</summary>
internal static class JingleSources
{
    public static bool TryGetSources(this XElement jingle, out EndpointSourceSet sources)
    {
        var ok = new JingleElement(jingle).TryGetSources("unknown", 1000, out var parsed, out _);
        sources = parsed ?? EndpointSourceSet.Empty;
        return ok;
    }

    /// <summary>A minimal session-accept (audio source with msid, ICE credentials, an active fingerprint; optionally a
    /// loopback host candidate) as a scripted participant sends it.</summary>
    public static string SessionAccept(string sid, string nick, uint ssrc, bool withCandidate = false) => $"""
        <jingle xmlns="urn:xmpp:jingle:1" action="session-accept" sid="{sid}">
          <content creator="initiator" name="audio" senders="both">
            <description xmlns="urn:xmpp:jingle:apps:rtp:1" media="audio">
              <payload-type id="111" name="opus" clockrate="48000" channels="2"/>
              <source xmlns="urn:xmpp:jingle:apps:rtp:ssma:0" ssrc="{ssrc}" name="{nick}-a0"><parameter name="msid" value="{nick}-s {nick}-a"/></source>
            </description>
            <transport xmlns="urn:xmpp:jingle:transports:ice-udp:1" ufrag="u{nick}" pwd="p0123456789abcdefghijklm">
              <fingerprint xmlns="urn:xmpp:jingle:apps:dtls:0" hash="sha-256" setup="active">7C:00:11</fingerprint>
              {(withCandidate ? "<candidate component=\"1\" foundation=\"1\" generation=\"0\" id=\"c1\" ip=\"127.0.0.1\" network=\"0\" port=\"40000\" priority=\"2130706431\" protocol=\"udp\" type=\"host\"/>" : "")}
            </transport>
          </content>
          <content creator="initiator" name="video" senders="both">
            <description xmlns="urn:xmpp:jingle:apps:rtp:1" media="video"><payload-type id="100" name="VP8" clockrate="90000"/></description>
          </content>
        </jingle>
        """;
}
