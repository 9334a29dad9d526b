// MUC presence in the Jitsi dialect (PROTOCOL.md §1.5): what we publish and what we read from others.
import { NS } from './Namespaces.js';
import { xml, type Element } from './Xml.js';

/** Per source name: mute state and, for video, camera or desktop. Missing `muted` means muted (§1.5). */
export type SourceInfo = Record<string, { muted: boolean; videoType?: string }>;

export interface OwnPresence {
  /** `room@conference/<endpoint id>` */
  to: string;
  displayName: string;
  statsId: string;
  sourceInfo: SourceInfo;
  capsVer: string;
  capsNode: string;
  /** Only in the first presence: the MUC join marker (XEP-0045 §7.2). */
  join?: boolean;
}

export function ownPresence(p: OwnPresence): Element {
  return xml('presence', { to: p.to },
    p.join ? xml('x', { xmlns: NS.muc }) : null,
    xml('c', { xmlns: NS.caps, hash: 'sha-1', node: p.capsNode, ver: p.capsVer }),
    xml('stats-id', {}, p.statsId),
    xml('nick', { xmlns: NS.nick }, p.displayName),
    xml('SourceInfo', {}, JSON.stringify(p.sourceInfo)),
    // The focus force-adds vp8 (§1.5); VP8 is all this client sends.
    xml('jitsi_participant_codecList', {}, 'vp8'));
}

export interface OccupantPresence {
  /** The occupant's nickname, i.e. its endpoint id. */
  nick: string;
  /** Real JID from muc#user <item jid> (rooms expose them to occupants, §1.1). */
  realJid?: string;
  role?: string;
  affiliation?: string;
  displayName?: string;
  statsId?: string;
  sourceInfo: SourceInfo;
  unavailable: boolean;
  /** Status code 110: this presence is about us (XEP-0045 §7.2.2). */
  self: boolean;
}

/** Reads an occupant presence; undefined when `from` has no resource (not an occupant). */
export function readOccupantPresence(presence: Element): OccupantPresence | undefined {
  const from = presence.attrs.from ?? '';
  const slash = from.indexOf('/');
  if (slash < 0) return undefined;
  const nick = from.slice(slash + 1);
  const x = presence.getChild('x', NS.mucUser);
  const item = x?.getChild('item');
  const displayName = presence.getChildText('nick', NS.nick) ?? undefined;
  const statsId = presence.getChildText('stats-id') ?? undefined;
  return {
    nick,
    ...(item?.attrs.jid ? { realJid: item.attrs.jid } : {}),
    ...(item?.attrs.role ? { role: item.attrs.role } : {}),
    ...(item?.attrs.affiliation ? { affiliation: item.attrs.affiliation } : {}),
    ...(displayName ? { displayName } : {}),
    ...(statsId ? { statsId } : {}),
    sourceInfo: readSourceInfo(presence.getChildText('SourceInfo'), nick),
    unavailable: presence.attrs.type === 'unavailable',
    self: !!x?.getChildren('status').some((s) => s.attrs.code === '110'),
  };
}

/** Parses SourceInfo JSON, keeping only the sender's own sources (names `<nick>-…`); bad JSON → none. */
export function readSourceInfo(text: string | null, nick: string): SourceInfo {
  if (!text) return {};
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return {};
  }
  if (!doc || typeof doc !== 'object') return {};
  const info: SourceInfo = {};
  for (const [name, value] of Object.entries(doc as Record<string, unknown>)) {
    if (!name.startsWith(`${nick}-`) || !value || typeof value !== 'object') continue;
    const v = value as { muted?: unknown; videoType?: unknown };
    info[name] = { muted: v.muted !== false, ...(typeof v.videoType === 'string' ? { videoType: v.videoType } : {}) };
  }
  return info;
}

/** The focus's conference-properties (§1.4), honoured only from the recognised focus. */
export function readConferenceProperties(presence: Element): Record<string, string> | undefined {
  const props = presence.getChild('conference-properties', NS.focus);
  if (!props) return undefined;
  return Object.fromEntries(props.getChildren('property')
    .filter((p) => p.attrs.key !== undefined)
    .map((p) => [p.attrs.key as string, p.attrs.value ?? '']));
}
