/** Timers behind an interface so tests can run back-off and timeouts without waiting. */
export interface Clock {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export const sleep = (clock: Clock, ms: number): Promise<void> => new Promise((resolve) => { clock.setTimeout(resolve, ms); });
