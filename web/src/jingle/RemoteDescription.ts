// The SDP offer the browser gets for a bridge session (unified plan, RFC 8829), kept as a model so that
// source-add/source-remove can change it and renegotiate.
//
// Layout: BUNDLE (RFC 9143) of
//  * one "local" m-line per media kind (mid `audio`, `video`) — what we send; the bridge's own feedback
//    sources (owner `jvb`) are signalled here, so the browser knows the SSRCs its RTCP comes from;
//  * further local m-lines (screen share) added with addLocalSection, offered recvonly;
//  * one "remote" m-line per remote source name (mid `ra<N>` / `rv<N>`), offered sendonly, carrying that
//    source's a=ssrc lines and FID group. The bridge strips the sdes:mid header extension from what it
//    forwards, so the browser maps packets to m-lines by SSRC alone (RFC 8843 §9.2 fallback).
// A removed remote source leaves its m-line `inactive` (m-lines are never removed, RFC 8829 §5.2.2), and the
// next source of that kind reuses it.
import { write, type MediaDescription, type SessionDescription } from 'sdp-transform';
import type { BridgeOffer, RtpDescription } from './BridgeOffer.js';
import type { MediaKind, Source, SourceSet, SsrcGroup } from './Sources.js';

type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

export interface MediaSection {
  mid: string;
  media: MediaKind;
  purpose: 'local' | 'remote';
  /** The direction as the bridge offers it (the browser's answer mirrors it). */
  direction: Direction;
  /** For a remote section, the source name it carries now. */
  sourceName?: string;
  sources: Source[];
  groups: SsrcGroup[];
}

/** Owner of the bridge's RTCP feedback sources (PROTOCOL.md §2.2). */
export const BRIDGE_OWNER = 'jvb';

export class RemoteDescription {
  readonly sections: MediaSection[] = [];
  private readonly sessionId = String(Math.floor(Math.random() * 2 ** 52));
  private version = 0;
  private nextMid = 0;

  constructor(readonly offer: BridgeOffer) {
    for (const d of offer.descriptions) {
      this.sections.push({ mid: d.media, media: d.media, purpose: 'local', direction: 'sendrecv', sources: [], groups: [] });
    }
    this.addSources(offer.sources);
  }

  /** Adds remote sources; returns the names of the sources that got an m-line. Known SSRCs are ignored. */
  addSources(set: SourceSet): string[] {
    const known = new Set(this.sections.flatMap((s) => s.sources.map((x) => x.ssrc)));
    const added: string[] = [];
    for (const [name, sources] of groupByName(set.sources.filter((s) => !known.has(s.ssrc)))) {
      const first = sources[0] as Source;
      const ssrcs = new Set(sources.map((s) => s.ssrc));
      const groups = set.groups.filter((g) => g.media === first.media && g.ssrcs.every((x) => ssrcs.has(x)));
      const section = first.owner === BRIDGE_OWNER ? this.localSection(first.media) : this.freeRemoteSection(first.media);
      if (!section) continue;
      section.sources.push(...sources);
      section.groups.push(...groups);
      if (section.purpose === 'remote') {
        section.sourceName = name;
        section.direction = 'sendonly';
        added.push(name);
      }
    }
    return added;
  }

  /** Removes remote sources by SSRC; their m-lines become inactive. Returns the removed source names. */
  removeSources(set: SourceSet): string[] {
    const ssrcs = new Set(set.sources.map((s) => s.ssrc));
    return this.clearRemote((section) => section.sources.some((s) => ssrcs.has(s.ssrc)));
  }

  /** Removes every remote source of one endpoint (its MUC presence went unavailable, PROTOCOL.md §2.5). */
  removeOwner(owner: string): string[] {
    return this.clearRemote((section) => section.sources.some((s) => s.owner === owner));
  }

  /** Adds an m-line for another track we send (screen share); returns its mid. */
  addLocalSection(media: MediaKind): string {
    const section: MediaSection = { mid: `l${media[0]}${this.nextMid++}`, media, purpose: 'local', direction: 'recvonly', sources: [], groups: [] };
    this.sections.push(section);
    return section.mid;
  }

  /** Stops a local m-line added with addLocalSection (the track ended). */
  disableLocalSection(mid: string): void {
    const section = this.sections.find((s) => s.mid === mid && s.purpose === 'local');
    if (section) section.direction = 'inactive';
  }

  /** Remote source name per mid, for mapping received tracks (RTCRtpTransceiver.mid) to sources. */
  sourceOfMid(mid: string): Source | undefined {
    const section = this.sections.find((s) => s.mid === mid && s.purpose === 'remote');
    return section?.sourceName ? section.sources[0] : undefined;
  }

  /** The current offer as SDP; each call is a new version (RFC 8866 §5.2 sess-version). */
  toSdp(): string {
    const bundle = this.sections.map((s) => s.mid);
    const description: SessionDescription = {
      version: 0,
      origin: { username: '-', sessionId: this.sessionId, sessionVersion: ++this.version, netType: 'IN', ipVer: 4, address: '127.0.0.1' },
      name: '-',
      timing: { start: 0, stop: 0 },
      groups: [{ type: 'BUNDLE', mids: bundle.join(' ') }],
      msidSemantic: { semantic: 'WMS', token: '*' },
      media: this.sections.map((s, i) => this.writeSection(s, i === 0)),
    };
    return write(description);
  }

  private writeSection(section: MediaSection, withCandidates: boolean): MediaDescription {
    const rtp = this.offer.descriptions.find((d) => d.media === section.media) as RtpDescription;
    const { transport } = this.offer;
    const m: MediaDescription = {
      type: section.media,
      port: 9,
      protocol: 'UDP/TLS/RTP/SAVPF',
      payloads: rtp.payloadTypes.map((p) => p.id).join(' '),
      connection: { version: 4, ip: '0.0.0.0' },
      mid: section.mid,
      direction: section.direction,
      iceUfrag: transport.ufrag,
      icePwd: transport.pwd,
      // The bridge offers actpass and the browser answers active (PROTOCOL.md §9, DTLS roles).
      setup: 'actpass',
      rtcpMux: 'rtcp-mux',
      rtp: rtp.payloadTypes.map((p) => ({ payload: p.id, codec: p.name, rate: p.clockRate, ...(p.channels ? { encoding: p.channels } : {}) })),
      fmtp: rtp.payloadTypes
        .filter((p) => p.parameters.length > 0)
        .map((p) => ({ payload: p.id, config: p.parameters.map((x) => `${x.name}=${x.value}`).join(';') })),
      rtcpFb: rtp.payloadTypes.flatMap((p) => p.feedback.map((f) => ({ payload: p.id, type: f.type, ...(f.subtype ? { subtype: f.subtype } : {}) }))),
      ext: rtp.headerExtensions.map((h) => ({ value: h.id, uri: h.uri })),
    };
    if (transport.fingerprint) m.fingerprint = { type: transport.fingerprint.hash, hash: transport.fingerprint.value };
    if (rtp.extmapAllowMixed) m.extmapAllowMixed = 'extmap-allow-mixed';
    if (rtp.maxptime !== undefined) m.maxptime = rtp.maxptime;
    if (withCandidates) {
      m.candidates = transport.candidates.map((c) => ({
        foundation: c.foundation, component: c.component, transport: c.protocol, priority: c.priority, ip: c.ip, port: c.port,
        type: c.type, generation: c.generation, ...(c.relAddr !== undefined ? { raddr: c.relAddr } : {}), ...(c.relPort !== undefined ? { rport: c.relPort } : {}),
      }));
    }
    if (section.sources.length > 0) {
      const msid = section.sources[0]?.msid;
      if (section.purpose === 'remote' && msid) {
        const [id, appdata] = msid.split(' ');
        m.msid = [{ id: id as string, ...(appdata ? { appdata } : {}) }];
      }
      // The focus forwards no cname (§2.2); the owner is a stable per-endpoint CNAME (RFC 7022).
      m.ssrcs = section.sources.flatMap((s) => [
        { id: s.ssrc, attribute: 'cname', value: s.owner },
        ...(s.msid ? [{ id: s.ssrc, attribute: 'msid', value: s.msid }] : []),
      ]);
      m.ssrcGroups = section.groups.map((g) => ({ semantics: g.semantics, ssrcs: g.ssrcs.join(' ') }));
    }
    return m;
  }

  private localSection(media: MediaKind): MediaSection | undefined {
    return this.sections.find((s) => s.purpose === 'local' && s.media === media);
  }

  private freeRemoteSection(media: MediaKind): MediaSection | undefined {
    // Only kinds the bridge offered can be received: the payload types come from its description.
    if (!this.offer.descriptions.some((d) => d.media === media)) return undefined;
    const reusable = this.sections.find((s) => s.purpose === 'remote' && s.media === media && s.direction === 'inactive');
    if (reusable) return reusable;
    const section: MediaSection = { mid: `r${media[0]}${this.nextMid++}`, media, purpose: 'remote', direction: 'inactive', sources: [], groups: [] };
    this.sections.push(section);
    return section;
  }

  private clearRemote(match: (section: MediaSection) => boolean): string[] {
    const removed: string[] = [];
    for (const section of this.sections) {
      if (section.purpose !== 'remote' || section.direction === 'inactive' || !match(section)) continue;
      if (section.sourceName) removed.push(section.sourceName);
      section.direction = 'inactive';
      section.sources = [];
      section.groups = [];
      delete section.sourceName;
    }
    return removed;
  }
}

function groupByName(sources: Source[]): Map<string, Source[]> {
  const byName = new Map<string, Source[]>();
  for (const s of sources) {
    const key = `${s.media}:${s.name}`;
    byName.set(key, [...(byName.get(key) ?? []), s]);
  }
  return new Map([...byName].map(([key, list]) => [key.slice(key.indexOf(':') + 1), list]));
}
