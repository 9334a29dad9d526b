// Getting back into the meeting after the XMPP WebSocket dropped: new attempts after a growing pause (1 s, 2 s, 4 s …
// up to 30 s, a bounded number of times). Each attempt is the caller's: a new connection, the conference request
// and the room join; the focus then invites us to a new Jingle session.
import type { Clock } from '../Clock.js';
import { sleep } from '../Clock.js';

/** Pauses before each attempt; after the last one fails the meeting gives up. About three minutes in all. */
export const RECONNECT_DELAYS_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000, 30_000, 30_000];

export interface ReconnectOptions {
  clock: Clock;
  /** One try; rejects when it failed. */
  attempt: () => Promise<void>;
  /** Before each pause: which try comes next (1-based) and the pause. */
  onWait?: (attempt: number, delayMs: number) => void;
  /** An error for which trying again is pointless (a refused password): stop at once. */
  isFinal?: (error: unknown) => boolean;
  delays?: readonly number[];
}

/** Runs the attempts; resolves true once one succeeds, false when all failed or `cancel()` was called. */
export class Reconnector {
  private cancelled = false;

  constructor(private readonly options: ReconnectOptions) {}

  cancel(): void {
    this.cancelled = true;
  }

  async run(): Promise<boolean> {
    const delays = this.options.delays ?? RECONNECT_DELAYS_MS;
    for (let i = 0; i < delays.length; i++) {
      const delay = delays[i] ?? 0;
      this.options.onWait?.(i + 1, delay);
      await sleep(this.options.clock, delay);
      if (this.cancelled) return false;
      try {
        await this.options.attempt();
        return !this.cancelled;
      } catch (error) {
        if (this.cancelled || this.options.isFinal?.(error)) return false;
      }
    }
    return false;
  }
}
