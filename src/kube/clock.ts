/**
 * Time as the retry loops see it. Tests inject their own so that back-off and lease timing can be
 * observed and compressed without asserting on wall-clock sleeps.
 */
export interface Clock {
  now(): number;
  /** Resolves after `ms`, or early (without throwing) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The longest delay setTimeout keeps; a longer one fires after 1 ms (a 720h requeue would spin). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      let remaining = ms;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const arm = (): void => {
        const step = Math.min(remaining, MAX_TIMER_MS);
        remaining -= step;
        timer = setTimeout(remaining > 0 ? arm : done, step);
      };
      signal?.addEventListener('abort', done, { once: true });
      arm();
      function done(): void {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
    });
  },
};
