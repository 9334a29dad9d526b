// Connection quality per remote participant, from two getStats samples of its inbound streams: the share of
// packets lost in between, the round-trip time of the bridge connection and, for video, the frame rate.

export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

/** Counters of one participant's inbound streams at one instant. */
export interface InboundSample {
  packetsReceived: number;
  packetsLost: number;
  /** Frames per second of its camera, when it sends video. */
  framesPerSecond?: number;
}

export interface QualityInput {
  before: InboundSample | undefined;
  now: InboundSample;
  /** Round-trip time of the selected candidate pair, in ms (one value for the whole bridge connection). */
  rttMs?: number;
  videoMuted: boolean;
}

/** Loss over 10 % or RTT over 500 ms is poor; loss over 2 %, RTT over 250 ms or under 10 fps is fair. */
export function quality({ before, now, rttMs, videoMuted }: QualityInput): Quality {
  if (!before) return 'unknown';
  const received = now.packetsReceived - before.packetsReceived;
  const lost = Math.max(0, now.packetsLost - before.packetsLost);
  if (received + lost <= 0) return 'poor';
  const loss = lost / (received + lost);
  if (loss > 0.1 || (rttMs ?? 0) > 500) return 'poor';
  const slowVideo = !videoMuted && now.framesPerSecond !== undefined && now.framesPerSecond < 10;
  if (loss > 0.02 || (rttMs ?? 0) > 250 || slowVideo) return 'fair';
  return 'good';
}

export const QUALITY_LABEL: Record<Quality, string> = {
  good: 'good connection',
  fair: 'fair connection',
  poor: 'poor connection',
  unknown: 'connection quality unknown',
};
