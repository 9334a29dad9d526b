// Reading the browser's answer (after simulcast munging) into Jingle terms (PROTOCOL.md §2.3): our sources in
// the Jitsi naming scheme, the RTP parameters per media kind, and the ICE/DTLS transport.
import { parse, type MediaDescription, type SessionDescription } from 'sdp-transform';
import { readSdpCandidate, type Candidate } from './Candidates.js';
import type { IceTransport, PayloadType, RtpDescription } from './BridgeOffer.js';
import { emptySourceSet, type MediaKind, type SourceSet, type VideoType } from './Sources.js';

/** What we send on one m-line: `<ep>-a0`, `<ep>-v0` (camera), `<ep>-v1` (desktop)… */
export interface LocalTrackName {
  name: string;
  videoType?: VideoType;
}

export const localSourceName = (endpointId: string, media: MediaKind, index: number): string =>
  `${endpointId}-${media === 'audio' ? 'a' : 'v'}${index}`;

const sending = (m: MediaDescription): boolean => m.direction === 'sendrecv' || m.direction === 'sendonly' || m.direction === undefined;

export class LocalDescription {
  private readonly description: SessionDescription;

  constructor(sdp: string, private readonly names: ReadonlyMap<string, LocalTrackName>, private readonly owner: string) {
    this.description = parse(sdp);
  }

  /** Our sources: every SSRC of a sending m-line that we named, with its msid and groups. */
  sources(): SourceSet {
    const set = emptySourceSet();
    for (const m of this.description.media) {
      const track = m.mid !== undefined ? this.names.get(m.mid) : undefined;
      const media = kind(m);
      if (!track || !media || !sending(m) || !m.ssrcs) continue;
      const lineMsid = m.msid?.[0] ? `${m.msid[0].id} ${m.msid[0].appdata ?? ''}`.trim() : undefined;
      const ids = [...new Set(m.ssrcs.map((s) => Number(s.id)))];
      for (const ssrc of ids) {
        const msid = m.ssrcs.find((s) => Number(s.id) === ssrc && s.attribute === 'msid')?.value ?? lineMsid;
        set.sources.push({
          ssrc, media, name: track.name, owner: this.owner,
          ...(msid ? { msid } : {}),
          ...(media === 'video' ? { videoType: track.videoType ?? 'camera' } : {}),
        });
      }
      for (const g of m.ssrcGroups ?? []) {
        set.groups.push({ media, semantics: g.semantics, ssrcs: g.ssrcs.split(' ').map(Number) });
      }
    }
    return set;
  }

  /** The RTP parameters of the first m-line of a kind (all m-lines of a kind share them). */
  rtp(media: MediaKind): RtpDescription | undefined {
    const m = this.description.media.find((x) => x.type === media);
    if (!m) return undefined;
    const payloadTypes: PayloadType[] = m.rtp.map((r) => ({
      id: r.payload,
      name: r.codec,
      clockRate: r.rate ?? 0,
      ...(r.encoding !== undefined && Number(r.encoding) > 1 ? { channels: Number(r.encoding) } : {}),
      parameters: fmtpParameters(m, r.payload),
      feedback: (m.rtcpFb ?? [])
        .filter((f) => Number(f.payload) === r.payload || f.payload === '*')
        .map((f) => ({ type: f.type, ...(f.subtype ? { subtype: f.subtype } : {}) })),
    }));
    return {
      media,
      payloadTypes,
      headerExtensions: (m.ext ?? []).map((e) => ({ id: e.value, uri: e.uri })),
      extmapAllowMixed: !!(m.extmapAllowMixed ?? this.description.extmapAllowMixed),
    };
  }

  /** ICE credentials, DTLS fingerprint and setup role, and any candidates already in the description. */
  transport(): IceTransport | undefined {
    const m = this.description.media[0];
    if (!m) return undefined;
    const ufrag = m.iceUfrag ?? this.description.iceUfrag;
    const pwd = m.icePwd ?? this.description.icePwd;
    const fingerprint = m.fingerprint ?? this.description.fingerprint;
    if (!ufrag || !pwd) return undefined;
    const candidates = (m.candidates ?? [])
      .map((c) => readSdpCandidate(`candidate:${c.foundation} ${c.component} ${c.transport} ${c.priority} ${c.ip} ${c.port} typ ${c.type}` +
        `${c.raddr !== undefined ? ` raddr ${c.raddr} rport ${c.rport}` : ''} generation ${c.generation ?? 0}`))
      .filter((c): c is Candidate => !!c && c.protocol === 'udp');
    return {
      ufrag, pwd, candidates, webSocketUrls: [],
      ...(fingerprint ? { fingerprint: { hash: fingerprint.type, value: fingerprint.hash, setup: m.setup ?? this.description.setup ?? 'active' } } : {}),
    };
  }
}

function kind(m: MediaDescription): MediaKind | undefined {
  return m.type === 'audio' || m.type === 'video' ? m.type : undefined;
}

function fmtpParameters(m: MediaDescription, payload: number): Array<{ name: string; value: string }> {
  const config = m.fmtp.find((f) => f.payload === payload)?.config;
  if (!config) return [];
  return config.split(';').map((kv) => kv.trim()).filter(Boolean).map((kv) => {
    const eq = kv.indexOf('=');
    return eq < 0 ? { name: kv, value: '' } : { name: kv.slice(0, eq), value: kv.slice(eq + 1) };
  });
}
