export interface RateLimiterOptions {
  /** First retry delay. Default 5 ms, as client-go's controllers. */
  baseDelayMs?: number;
  /** Longest retry delay. Default 1000 s. */
  maxDelayMs?: number;
}

export const DEFAULT_BASE_DELAY_MS = 5;
export const DEFAULT_MAX_DELAY_MS = 1_000_000;

/**
 * Per-key exponential back-off: base·2^failures, capped. Keys fail independently, so one broken
 * object does not slow the retries of the others.
 */
export class ItemExponentialRateLimiter<K> {
  private readonly counts = new Map<K, number>();
  private readonly baseDelayMs: number;
  private readonly maxDelayMs: number;

  constructor(opts: RateLimiterOptions = {}) {
    this.baseDelayMs = opts.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
    this.maxDelayMs = opts.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    if (!(this.baseDelayMs > 0) || !(this.maxDelayMs >= this.baseDelayMs)) {
      throw new Error('retry delays need 0 < baseDelayMs <= maxDelayMs');
    }
  }

  /** Records a failure of `key` and returns how long to wait before retrying it. */
  when(key: K): number {
    const failures = this.counts.get(key) ?? 0;
    this.counts.set(key, failures + 1);
    // Past 2^60 the product is far beyond any cap; stop growing the exponent to stay finite.
    const delay = this.baseDelayMs * Math.pow(2, Math.min(failures, 60));
    return Math.min(delay, this.maxDelayMs);
  }

  failures(key: K): number {
    return this.counts.get(key) ?? 0;
  }

  forget(key: K): void {
    this.counts.delete(key);
  }
}
