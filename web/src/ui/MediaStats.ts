// Reads the peer connection's getStats once and sorts it per remote track: what the quality indicator, the
// audio-level fallback for the stage and the end-to-end tests (window.jitsiNet.stats()) need.
import type { InboundSample } from './Quality.js';

/** One remote track's inbound counters, labelled with the source it carries. */
export interface RemoteTrackStats {
  source: string;
  owner: string;
  kind: string;
  packetsReceived: number;
  packetsLost: number;
  framesDecoded: number;
  framesPerSecond?: number;
  /** Height of the last decoded frame (video). */
  frameHeight?: number;
  totalAudioEnergy: number;
  audioLevel: number;
}

export interface StatsSnapshot {
  tracks: RemoteTrackStats[];
  rttMs?: number;
}

type Stat = Record<string, unknown> & { type: string };
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** `sources` maps a receiver track id to its source name and owner. */
export function readStats(report: RTCStatsReport, sources: ReadonlyMap<string, { name: string; owner: string }>): StatsSnapshot {
  const tracks: RemoteTrackStats[] = [];
  let rttMs: number | undefined;
  report.forEach((s: Stat) => {
    if (s.type === 'candidate-pair' && s.nominated === true && typeof s.currentRoundTripTime === 'number') rttMs = s.currentRoundTripTime * 1000;
    if (s.type !== 'inbound-rtp' || typeof s.trackIdentifier !== 'string') return;
    const source = sources.get(s.trackIdentifier);
    if (!source) return;
    tracks.push({
      source: source.name, owner: source.owner, kind: String(s.kind),
      packetsReceived: num(s.packetsReceived), packetsLost: num(s.packetsLost), framesDecoded: num(s.framesDecoded),
      ...(typeof s.framesPerSecond === 'number' ? { framesPerSecond: s.framesPerSecond } : {}),
      ...(typeof s.frameHeight === 'number' ? { frameHeight: s.frameHeight } : {}),
      totalAudioEnergy: num(s.totalAudioEnergy), audioLevel: num(s.audioLevel),
    });
  });
  return { tracks, ...(rttMs !== undefined ? { rttMs } : {}) };
}

/** Sums each owner's streams into one sample; the camera's frame rate stands for its video. */
export function samplesByOwner(tracks: readonly RemoteTrackStats[]): Map<string, InboundSample> {
  const samples = new Map<string, InboundSample>();
  for (const t of tracks) {
    const s = samples.get(t.owner) ?? { packetsReceived: 0, packetsLost: 0 };
    s.packetsReceived += t.packetsReceived;
    s.packetsLost += t.packetsLost;
    if (t.kind === 'video' && t.source.endsWith('-v0') && t.framesPerSecond !== undefined) s.framesPerSecond = t.framesPerSecond;
    samples.set(t.owner, s);
  }
  return samples;
}

/** Audio level per owner (its loudest audio track). */
export function audioLevels(tracks: readonly RemoteTrackStats[]): Map<string, number> {
  const levels = new Map<string, number>();
  for (const t of tracks) if (t.kind === 'audio') levels.set(t.owner, Math.max(levels.get(t.owner) ?? 0, t.audioLevel));
  return levels;
}
