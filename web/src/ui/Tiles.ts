// What the grid shows, computed from plain data: one tile per participant (ourselves first, then the others
// in the order they joined) and one more per screen share, each with its mute state from SourceInfo
// (PROTOCOL.md §1.5). Generic over the track type so tests use plain objects.
import type { SourceInfo } from '../xmpp/Presence.js';

export interface TileModel<T> {
  /** Stable key: the endpoint id, or the source name for a screen share. */
  key: string;
  owner: string;
  name: string;
  local: boolean;
  screen: boolean;
  track?: T;
  audioMuted: boolean;
  videoMuted: boolean;
}

export interface LocalParticipant<T> {
  id: string;
  name: string;
  audioMuted: boolean;
  videoMuted: boolean;
  camera?: T;
  screen?: T;
}

export interface RemoteParticipant {
  id: string;
  name?: string;
  sourceInfo: SourceInfo;
}

export interface ReceivedMedia<T> {
  source: { name: string; owner: string; media: string; videoType?: string };
  track: T;
}

/** A source without SourceInfo, or without `muted: false`, counts as muted (§1.5). */
const muted = (info: SourceInfo, name: string): boolean => info[name]?.muted !== false;

export function tileModels<T>(self: LocalParticipant<T>, others: readonly RemoteParticipant[], media: readonly ReceivedMedia<T>[]): TileModel<T>[] {
  const tiles: TileModel<T>[] = [{
    key: self.id, owner: self.id, name: `${self.name} (you)`, local: true, screen: false,
    ...(self.camera ? { track: self.camera } : {}), audioMuted: self.audioMuted, videoMuted: self.videoMuted || !self.camera,
  }];
  if (self.screen) {
    tiles.push({ key: `${self.id}-v1`, owner: self.id, name: `${self.name} (your screen)`, local: true, screen: true, track: self.screen, audioMuted: true, videoMuted: false });
  }
  for (const p of others) {
    const name = p.name ?? p.id;
    const videos = media.filter((m) => m.source.owner === p.id && m.source.media === 'video');
    const isScreen = (m: ReceivedMedia<T>): boolean => m.source.videoType === 'desktop' || p.sourceInfo[m.source.name]?.videoType === 'desktop';
    const camera = videos.find((m) => !isScreen(m));
    tiles.push({
      key: p.id, owner: p.id, name, local: false, screen: false, ...(camera ? { track: camera.track } : {}),
      audioMuted: muted(p.sourceInfo, `${p.id}-a0`), videoMuted: !camera || muted(p.sourceInfo, camera.source.name),
    });
    for (const share of videos.filter(isScreen)) {
      if (muted(p.sourceInfo, share.source.name)) continue;
      tiles.push({ key: share.source.name, owner: p.id, name: `${name} (screen)`, local: false, screen: true, track: share.track, audioMuted: true, videoMuted: false });
    }
  }
  return tiles;
}

/** Our SourceInfo presence for the tracks we send (names `<ep>-a0`, `<ep>-v0`, `<ep>-v1`). */
export function ownSourceInfo(id: string, media: { audio?: { muted: boolean }; video?: { muted: boolean }; screen: boolean }): SourceInfo {
  const info: SourceInfo = {};
  if (media.audio) info[`${id}-a0`] = { muted: media.audio.muted };
  if (media.video) info[`${id}-v0`] = { muted: media.video.muted, videoType: 'camera' };
  if (media.screen) info[`${id}-v1`] = { muted: false, videoType: 'desktop' };
  return info;
}
