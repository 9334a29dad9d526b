// What a bridge session-initiate says (PROTOCOL.md §2.2), read into plain data: one RTP description per
// media kind, the one BUNDLE transport, the remote sources (XML or json-message), the bridge-session id.
import { NS } from '../xmpp/Namespaces.js';
import { intAttr, type Element } from '../xmpp/Xml.js';
import { readJingleCandidate, type Candidate } from './Candidates.js';
import { readJsonSources } from './JsonSources.js';
import { mergeSourceSets, readSources, type MediaKind, type SourceSet } from './Sources.js';

export interface PayloadType {
  id: number;
  name: string;
  clockRate: number;
  channels?: number;
  parameters: Array<{ name: string; value: string }>;
  feedback: Array<{ type: string; subtype?: string }>;
}

export interface RtpDescription {
  media: MediaKind;
  payloadTypes: PayloadType[];
  headerExtensions: Array<{ id: number; uri: string }>;
  extmapAllowMixed: boolean;
  maxptime?: number;
}

export interface Fingerprint {
  hash: string;
  value: string;
  setup: string;
}

export interface IceTransport {
  ufrag: string;
  pwd: string;
  fingerprint?: Fingerprint;
  candidates: Candidate[];
  /** colibri-ws URLs of the bridge channel (PROTOCOL.md §4.1). */
  webSocketUrls: string[];
}

export interface BridgeOffer {
  sid: string;
  initiator: string;
  bridgeSessionId?: string;
  region?: string;
  descriptions: RtpDescription[];
  transport: IceTransport;
  sources: SourceSet;
  startMuted?: { audio: boolean; video: boolean };
}

export function readPayloadType(el: Element): PayloadType | undefined {
  const id = intAttr(el, 'id');
  const clockRate = intAttr(el, 'clockrate');
  const channels = intAttr(el, 'channels');
  if (id === undefined || !el.attrs.name || clockRate === undefined) return undefined;
  return {
    id,
    name: el.attrs.name,
    clockRate,
    ...(channels !== undefined && channels > 1 ? { channels } : {}),
    parameters: el.getChildren('parameter')
      .filter((p) => p.attrs.name !== undefined)
      .map((p) => ({ name: p.attrs.name as string, value: p.attrs.value ?? '' })),
    feedback: el.getChildren('rtcp-fb', NS.rtcpFb)
      .filter((f) => f.attrs.type)
      .map((f) => ({ type: f.attrs.type as string, ...(f.attrs.subtype ? { subtype: f.attrs.subtype } : {}) })),
  };
}

function readDescription(el: Element, media: MediaKind): RtpDescription {
  const maxptime = intAttr(el, 'maxptime');
  return {
    media,
    payloadTypes: el.getChildren('payload-type').map(readPayloadType).filter((p): p is PayloadType => !!p),
    headerExtensions: el.getChildren('rtp-hdrext', NS.rtpHdrext)
      .map((h) => ({ id: intAttr(h, 'id'), uri: h.attrs.uri }))
      .filter((h): h is { id: number; uri: string } => h.id !== undefined && !!h.uri),
    extmapAllowMixed: !!el.getChild('extmap-allow-mixed', NS.rtpHdrext),
    ...(maxptime !== undefined ? { maxptime } : {}),
  };
}

export function readTransport(el: Element): IceTransport {
  const fp = el.getChild('fingerprint', NS.dtls);
  return {
    ufrag: el.attrs.ufrag ?? '',
    pwd: el.attrs.pwd ?? '',
    ...(fp?.attrs.hash ? { fingerprint: { hash: fp.attrs.hash, value: fp.getText().trim(), setup: fp.attrs.setup ?? 'actpass' } } : {}),
    candidates: el.getChildren('candidate').map(readJingleCandidate).filter((c): c is Candidate => !!c),
    webSocketUrls: el.getChildren('web-socket', NS.colibri).map((w) => w.attrs.url).filter((u): u is string => !!u),
  };
}

const kindOf = (description: Element | undefined): MediaKind | undefined => {
  const media = description?.attrs.media;
  return media === 'audio' || media === 'video' ? media : undefined;
};

/** Sources carried by a Jingle element (session-initiate, source-add, source-remove): XML and/or JSON. */
export function readJingleSources(jingle: Element): SourceSet {
  const sets: SourceSet[] = [];
  for (const content of jingle.getChildren('content')) {
    const description = content.getChild('description', NS.rtp);
    const media = kindOf(description);
    if (description && media) sets.push(readSources(description, media));
  }
  const json = jingle.getChild('json-message', NS.jitmeet);
  if (json) sets.push(readJsonSources(json.getText()));
  return mergeSourceSets(sets);
}

/**
 * Reads a session-initiate's <jingle>. Returns an error text when the offer is unusable (no audio/video
 * description or no ICE credentials), so the caller can answer with a Jingle error instead of throwing.
 */
export function readBridgeOffer(jingle: Element): BridgeOffer | string {
  const descriptions: RtpDescription[] = [];
  let transport: IceTransport | undefined;
  for (const content of jingle.getChildren('content')) {
    const description = content.getChild('description', NS.rtp);
    const media = kindOf(description);
    // The data content (SCTP) is never offered to us: we do not announce dtls-sctp (PROTOCOL.md §1.6).
    if (!description || !media) continue;
    descriptions.push(readDescription(description, media));
    const t = content.getChild('transport', NS.iceUdp);
    if (t && !transport) transport = readTransport(t);
  }
  if (descriptions.length === 0) return 'no audio or video content';
  if (!transport || !transport.ufrag || !transport.pwd) return 'no ICE transport';
  const session = jingle.getChild('bridge-session', NS.focus);
  const startMuted = jingle.getChild('startmuted', NS.startMuted);
  return {
    sid: jingle.attrs.sid ?? '',
    initiator: jingle.attrs.initiator ?? '',
    ...(session?.attrs.id ? { bridgeSessionId: session.attrs.id } : {}),
    ...(session?.attrs.region ? { region: session.attrs.region } : {}),
    descriptions,
    transport,
    sources: readJingleSources(jingle),
    ...(startMuted ? { startMuted: { audio: startMuted.attrs.audio === 'true', video: startMuted.attrs.video === 'true' } } : {}),
  };
}
