// XML namespaces used by the client, named after their XEP or PROTOCOL.md §10.
export const NS = {
  client: 'jabber:client',
  discoInfo: 'http://jabber.org/protocol/disco#info', // XEP-0030
  caps: 'http://jabber.org/protocol/caps', // XEP-0115
  muc: 'http://jabber.org/protocol/muc', // XEP-0045
  mucUser: 'http://jabber.org/protocol/muc#user',
  nick: 'http://jabber.org/protocol/nick', // XEP-0172
  ping: 'urn:xmpp:ping', // XEP-0199
  extdisco: 'urn:xmpp:extdisco:2', // XEP-0215
  focus: 'http://jitsi.org/protocol/focus',
  jitmeet: 'http://jitsi.org/jitmeet',
  colibri: 'http://jitsi.org/protocol/colibri',
  jingle: 'urn:xmpp:jingle:1', // XEP-0166
  rtp: 'urn:xmpp:jingle:apps:rtp:1', // XEP-0167
  rtcpFb: 'urn:xmpp:jingle:apps:rtp:rtcp-fb:0', // XEP-0293
  rtpHdrext: 'urn:xmpp:jingle:apps:rtp:rtp-hdrext:0', // XEP-0294
  ssma: 'urn:xmpp:jingle:apps:rtp:ssma:0', // XEP-0339
  grouping: 'urn:xmpp:jingle:apps:grouping:0', // XEP-0338
  iceUdp: 'urn:xmpp:jingle:transports:ice-udp:1', // XEP-0176
  dtls: 'urn:xmpp:jingle:apps:dtls:0', // XEP-0320
  startMuted: 'http://jitsi.org/jitmeet/start-muted',
} as const;
