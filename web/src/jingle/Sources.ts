// Sources in the Jitsi dialect of XEP-0339 (PROTOCOL.md §2.2, §2.5): <source ssrc name videoType> with an
// <ssrc-info owner> and an msid <parameter>, and <ssrc-group semantics="FID|SIM">.
import { NS } from '../xmpp/Namespaces.js';
import { intAttr, xml, type Element } from '../xmpp/Xml.js';

export type MediaKind = 'audio' | 'video';
export type VideoType = 'camera' | 'desktop';

export interface Source {
  ssrc: number;
  media: MediaKind;
  /** Source name: `<endpoint>-a<N>` / `<endpoint>-v<N>` (PROTOCOL.md §1.5). */
  name: string;
  /** The owning endpoint id (MUC nickname), `jvb` for the bridge's feedback sources. */
  owner: string;
  /** "<stream id> <track id>" */
  msid?: string;
  videoType?: VideoType;
}

export interface SsrcGroup {
  media: MediaKind;
  semantics: string;
  ssrcs: number[];
}

export interface SourceSet {
  sources: Source[];
  groups: SsrcGroup[];
}

export const emptySourceSet = (): SourceSet => ({ sources: [], groups: [] });

const validSsrc = (n: number | undefined): n is number => n !== undefined && n > 0 && n <= 0xffffffff;

/** Owner from the source name prefix (`abcd1234-v0` → `abcd1234`), the fallback when ssrc-info is absent. */
export function ownerFromName(name: string): string {
  const dash = name.lastIndexOf('-');
  return dash > 0 ? name.slice(0, dash) : name;
}

/** Reads the sources of one RTP <description>; sources without a valid ssrc or name are skipped. */
export function readSources(description: Element, media: MediaKind): SourceSet {
  const set = emptySourceSet();
  for (const el of description.getChildren('source', NS.ssma)) {
    const ssrc = intAttr(el, 'ssrc');
    const name = el.attrs.name;
    if (!validSsrc(ssrc) || !name) continue;
    // Older focuses put the full occupant JID in owner; the resource is the endpoint id (§2.2).
    const rawOwner = el.getChild('ssrc-info', NS.jitmeet)?.attrs.owner;
    const owner = rawOwner ? rawOwner.slice(rawOwner.lastIndexOf('/') + 1) : ownerFromName(name);
    const msid = el.getChildren('parameter').find((p) => p.attrs.name === 'msid')?.attrs.value;
    const videoType = media === 'video' ? (el.attrs.videoType === 'desktop' ? 'desktop' : 'camera') : undefined;
    set.sources.push({ ssrc, media, name, owner, ...(msid ? { msid } : {}), ...(videoType ? { videoType } : {}) });
  }
  for (const el of description.getChildren('ssrc-group', NS.ssma)) {
    const semantics = el.attrs.semantics;
    const ssrcs = el.getChildren('source').map((s) => intAttr(s, 'ssrc'));
    if (!semantics || ssrcs.length === 0 || !ssrcs.every(validSsrc)) continue;
    set.groups.push({ media, semantics, ssrcs: ssrcs as number[] });
  }
  return set;
}

/** Appends the sources and groups of one media kind to an RTP <description>. */
export function writeSources(description: Element, set: SourceSet, media: MediaKind, withOwner: boolean): void {
  for (const s of set.sources.filter((x) => x.media === media)) {
    const el = xml('source', { xmlns: NS.ssma, ssrc: s.ssrc, name: s.name, videoType: s.videoType });
    if (withOwner) el.c('ssrc-info', { xmlns: NS.jitmeet, owner: s.owner });
    if (s.msid) el.c('parameter', { name: 'msid', value: s.msid });
    description.cnode(el);
  }
  for (const g of set.groups.filter((x) => x.media === media)) {
    description.cnode(xml('ssrc-group', { xmlns: NS.ssma, semantics: g.semantics },
      ...g.ssrcs.map((ssrc) => xml('source', { ssrc }))));
  }
}

/** Concatenates source sets (contents of several <content>s, or XML plus JSON). */
export function mergeSourceSets(sets: SourceSet[]): SourceSet {
  return { sources: sets.flatMap((s) => s.sources), groups: sets.flatMap((s) => s.groups) };
}
