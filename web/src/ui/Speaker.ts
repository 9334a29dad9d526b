// Who is on stage: the bridge's dominant speaker (DominantSpeakerEndpointChangeEvent, PROTOCOL.md §6.8) when the
// bridge sends one; until it does, the loudest remote participant by the audio level getStats reports.
// Pure state: the page feeds it events and levels and reads `current`.

/** Below this audio level (0..1, RFC 6464 scale from getStats) nobody counts as speaking. */
export const SPEAKING_LEVEL = 0.02;

export class SpeakerTracker {
  private fromBridge = false;
  private speaker?: string;

  get current(): string | undefined {
    return this.speaker;
  }

  /** The bridge named a dominant speaker; from now on only the bridge decides. */
  dominantSpeaker(endpointId: string): void {
    this.fromBridge = true;
    this.speaker = endpointId;
  }

  /** Audio levels per remote endpoint; ignored once the bridge has spoken. Keeps the last speaker in silence. */
  audioLevels(levels: ReadonlyMap<string, number>): void {
    if (this.fromBridge) return;
    let loudest: string | undefined;
    let max = SPEAKING_LEVEL;
    for (const [endpoint, level] of levels) {
      if (level > max) {
        max = level;
        loudest = endpoint;
      }
    }
    if (loudest) this.speaker = loudest;
  }

  /** A participant left: it cannot stay on stage. */
  left(endpointId: string): void {
    if (this.speaker === endpointId) this.speaker = undefined;
  }
}

/** The stage: the speaker if it is someone else, otherwise the first other participant. */
export function stageEndpoint(speaker: string | undefined, self: string, others: readonly string[]): string | undefined {
  if (speaker && speaker !== self && others.includes(speaker)) return speaker;
  return others[0];
}
