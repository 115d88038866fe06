export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Each delay is stretched by up to this fraction, so that many clients do not retry in step. */
  jitter?: number;
  random?: () => number;
}

export const DEFAULT_BACKOFF: Required<Omit<BackoffOptions, 'random'>> = { initialMs: 1000, maxMs: 30_000, factor: 2, jitter: 0.2 };

/** Jittered exponential back-off. Jitter only adds, so consecutive delays never shrink below the cap. */
export class Backoff {
  private attempt = 0;
  private readonly opts: Required<BackoffOptions>;

  constructor(opts: BackoffOptions = {}) {
    this.opts = { ...DEFAULT_BACKOFF, random: Math.random, ...opts };
  }

  next(): number {
    const { initialMs, maxMs, factor, jitter, random } = this.opts;
    const base = initialMs * Math.pow(factor, this.attempt);
    if (base < maxMs) this.attempt += 1;
    return Math.round(Math.min(maxMs, base * (1 + jitter * random())));
  }

  reset(): void {
    this.attempt = 0;
  }
}
