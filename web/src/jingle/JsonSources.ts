// The compact JSON source encoding of <json-message xmlns="http://jitsi.org/jitmeet"> (PROTOCOL.md §2.2):
// {"sources": {"<owner>": [videoSources, videoGroups, audioSources, audioGroups?]}} where a source is
// {"s": ssrc, "n": name, "m": msid, "v": "d" (desktop only)} and a group is ["f"|"s", ssrc…].
import { emptySourceSet, type MediaKind, type SourceSet } from './Sources.js';

const GROUP_SEMANTICS: Record<string, string> = { f: 'FID', s: 'SIM' };

interface JsonSource { s?: unknown; n?: unknown; m?: unknown; v?: unknown }

/** Decodes a json-message text; anything malformed is skipped, never thrown. */
export function readJsonSources(text: string): SourceSet {
  const set = emptySourceSet();
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return set;
  }
  const owners = (doc as { sources?: unknown } | null)?.sources;
  if (!owners || typeof owners !== 'object') return set;
  for (const [owner, lists] of Object.entries(owners as Record<string, unknown>)) {
    if (!Array.isArray(lists)) continue;
    readKind(set, owner, 'video', lists[0], lists[1]);
    readKind(set, owner, 'audio', lists[2], lists[3]);
  }
  return set;
}

function readKind(set: SourceSet, owner: string, media: MediaKind, sources: unknown, groups: unknown): void {
  for (const raw of Array.isArray(sources) ? (sources as JsonSource[]) : []) {
    if (typeof raw?.s !== 'number' || raw.s <= 0 || raw.s > 0xffffffff) continue;
    const name = typeof raw.n === 'string' ? raw.n : `${owner}-${media[0]}0`;
    set.sources.push({
      ssrc: raw.s,
      media,
      name,
      owner,
      ...(typeof raw.m === 'string' ? { msid: raw.m } : {}),
      // Only desktop is marked; every other video source is a camera (§2.2).
      ...(media === 'video' ? { videoType: raw.v === 'd' ? 'desktop' : 'camera' } : {}),
    });
  }
  for (const raw of Array.isArray(groups) ? (groups as unknown[]) : []) {
    if (!Array.isArray(raw) || typeof raw[0] !== 'string') continue;
    const semantics = GROUP_SEMANTICS[raw[0]] ?? raw[0].toUpperCase();
    const ssrcs = raw.slice(1);
    if (ssrcs.length === 0 || !ssrcs.every((x) => typeof x === 'number')) continue;
    set.groups.push({ media, semantics, ssrcs: ssrcs as number[] });
  }
}
