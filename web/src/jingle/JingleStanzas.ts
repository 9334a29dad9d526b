// Building the Jingle IQ payloads the client sends to the focus (PROTOCOL.md §2.3–§2.6). The focus matches
// them to the session by sid; they go to the focus occupant JID `room@conference/focus` (§2.1).
import { NS } from '../xmpp/Namespaces.js';
import { xml, type Element } from '../xmpp/Xml.js';
import type { Candidate } from './Candidates.js';
import { writeJingleCandidate } from './Candidates.js';
import type { IceTransport, RtpDescription } from './BridgeOffer.js';
import { writeSources, type MediaKind, type SourceSet } from './Sources.js';

const MEDIA: MediaKind[] = ['audio', 'video'];

let candidateCounter = 0;
const candidateId = (): string => `c${(++candidateCounter).toString(36)}${Math.random().toString(36).slice(2, 6)}`;

function writeDescription(rtp: RtpDescription, sources: SourceSet): Element {
  const d = xml('description', { xmlns: NS.rtp, media: rtp.media });
  for (const p of rtp.payloadTypes) {
    const pt = d.c('payload-type', { id: p.id, name: p.name, clockrate: p.clockRate, channels: p.channels });
    for (const x of p.parameters) pt.c('parameter', { name: x.name, value: x.value });
    for (const f of p.feedback) pt.c('rtcp-fb', { xmlns: NS.rtcpFb, type: f.type, subtype: f.subtype });
  }
  for (const h of rtp.headerExtensions) d.c('rtp-hdrext', { xmlns: NS.rtpHdrext, id: h.id, uri: h.uri });
  if (rtp.extmapAllowMixed) d.c('extmap-allow-mixed', { xmlns: NS.rtpHdrext });
  writeSources(d, sources, rtp.media, false);
  d.c('rtcp-mux');
  return d;
}

/** An ICE-UDP transport with our fingerprint; the answerer's DTLS role is `active` (§2.3). */
export function writeTransport(transport: IceTransport, candidates: Candidate[] = transport.candidates): Element {
  const t = xml('transport', { xmlns: NS.iceUdp, ufrag: transport.ufrag, pwd: transport.pwd });
  if (transport.fingerprint) {
    t.c('fingerprint', { xmlns: NS.dtls, hash: transport.fingerprint.hash, setup: transport.fingerprint.setup }).t(transport.fingerprint.value);
  }
  for (const c of candidates) t.cnode(writeJingleCandidate(c, candidateId()));
  return t;
}

export interface SessionAcceptInput {
  sid: string;
  initiator: string;
  responder: string;
  rtp: RtpDescription[];
  transport: IceTransport;
  sources: SourceSet;
}

/** session-accept: one content per media kind (all m-lines of a kind merged), BUNDLE group. */
export function sessionAccept(input: SessionAcceptInput): Element {
  const jingle = xml('jingle', { xmlns: NS.jingle, action: 'session-accept', sid: input.sid, initiator: input.initiator, responder: input.responder });
  const names: string[] = [];
  for (const rtp of input.rtp) {
    names.push(rtp.media);
    jingle.c('content', { creator: 'initiator', name: rtp.media, senders: 'both' })
      .cnode(writeDescription(rtp, input.sources))
      .up()
      .cnode(writeTransport(input.transport));
  }
  jingle.cnode(xml('group', { xmlns: NS.grouping, semantics: 'BUNDLE' }, ...names.map((name) => xml('content', { name }))));
  return jingle;
}

/** transport-info with trickled candidates (§2.4), in the first content, as the bundle shares one transport. */
export function transportInfo(sid: string, initiator: string, transport: IceTransport, candidates: Candidate[]): Element {
  return xml('jingle', { xmlns: NS.jingle, action: 'transport-info', sid, initiator },
    xml('content', { creator: 'initiator', name: 'audio' }, writeTransport(transport, candidates)));
}

/** source-add / source-remove of our own sources (§2.5), XML form with one content per kind present. */
export function sourceChange(action: 'source-add' | 'source-remove', sid: string, sources: SourceSet): Element {
  const jingle = xml('jingle', { xmlns: NS.jingle, action, sid });
  for (const media of MEDIA) {
    if (!sources.sources.some((s) => s.media === media)) continue;
    const d = xml('description', { xmlns: NS.rtp, media });
    writeSources(d, sources, media, false);
    jingle.c('content', { creator: 'initiator', name: media }).cnode(d);
  }
  return jingle;
}

/** session-terminate; with a bridge-session id and restart, asks the focus for a new session-initiate (§2.6). */
export function sessionTerminate(sid: string, reason: string, text: string, restart?: { bridgeSessionId: string }): Element {
  return xml('jingle', { xmlns: NS.jingle, action: 'session-terminate', sid },
    xml('reason', {}, xml(reason), xml('text', {}, text)),
    restart ? xml('bridge-session', { xmlns: NS.focus, id: restart.bridgeSessionId, restart: 'true' }) : null);
}
