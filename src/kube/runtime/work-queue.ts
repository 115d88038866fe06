import { systemClock, type Clock } from '../clock.js';
import { ItemExponentialRateLimiter, type RateLimiterOptions } from './rate-limiter.js';

export interface WorkQueueOptions extends RateLimiterOptions {
  /** Drives delayed adds and retry delays. */
  clock?: Clock;
  /** Told whenever the number of waiting keys changes (e.g. to update a gauge). */
  onDepthChange?: (depth: number) => void;
}

/**
 * A de-duplicating queue of keys with client-go's guarantees: a key waits at most once, and a key
 * handed to a worker is never handed to another until `done()`. A key added while it is being
 * processed is remembered and queued again once that processing ends, so no change is lost.
 */
export class WorkQueue<K = string> {
  private readonly queue: K[] = [];
  /** Keys waiting to be processed (in `queue`, or parked until their processing ends). */
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly waiters: Array<(key: K | undefined) => void> = [];
  /** Delayed adds: when each key becomes ready, and how to cancel the wait. */
  private readonly delayed = new Map<K, { readyAt: number; cancel: AbortController }>();
  private readonly idleWaiters = new Set<() => void>();
  private readonly clock: Clock;
  private readonly limiter: ItemExponentialRateLimiter<K>;
  private shuttingDown = false;

  constructor(private readonly opts: WorkQueueOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.limiter = new ItemExponentialRateLimiter<K>(opts);
  }

  /** Keys waiting to be handed out (not counting delayed ones or ones being processed). */
  get depth(): number {
    return this.queue.length;
  }

  /** Keys currently handed to workers. */
  get inFlight(): number {
    return this.processing.size;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  add(key: K): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      this.handOut(key, waiter);
      return;
    }
    this.queue.push(key);
    this.depthChanged();
  }

  /** Adds `key` once `delayMs` has passed on the clock. An earlier pending add of the same key wins. */
  addAfter(key: K, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const readyAt = this.clock.now() + delayMs;
    const pending = this.delayed.get(key);
    if (pending && pending.readyAt <= readyAt) return;
    pending?.cancel.abort();
    const cancel = new AbortController();
    this.delayed.set(key, { readyAt, cancel });
    void this.clock.sleep(delayMs, cancel.signal).then(() => {
      if (cancel.signal.aborted) return;
      this.delayed.delete(key);
      this.add(key);
    });
  }

  /** Schedules a retry after the key's next back-off delay; returns that delay. */
  addRateLimited(key: K): number {
    const delay = this.limiter.when(key);
    this.addAfter(key, delay);
    return delay;
  }

  /** Ends the key's back-off: the next failure starts again from the base delay. */
  forget(key: K): void {
    this.limiter.forget(key);
  }

  /** Failures recorded for the key since it was last forgotten. */
  retries(key: K): number {
    return this.limiter.failures(key);
  }

  /**
   * The next key to process, waiting for one if needed. Undefined once the queue shuts down or
   * `signal` aborts. The caller must call `done(key)` when finished.
   */
  get(signal?: AbortSignal): Promise<K | undefined> {
    if (this.shuttingDown || signal?.aborted) return Promise.resolve(undefined);
    const key = this.queue.shift();
    if (key !== undefined) {
      this.depthChanged();
      this.processing.add(key);
      this.dirty.delete(key);
      return Promise.resolve(key);
    }
    return new Promise((resolve) => {
      const waiter = (k: K | undefined): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(k);
      };
      const onAbort = (): void => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) {
      const waiter = this.waiters.shift();
      if (waiter) this.handOut(key, waiter);
      else {
        this.queue.push(key);
        this.depthChanged();
      }
    }
    if (this.processing.size === 0) for (const idle of [...this.idleWaiters]) idle();
  }

  /** Stops handing out work and drops delayed adds; keys being processed may still call done(). */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const { cancel } of this.delayed.values()) cancel.abort();
    this.delayed.clear();
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }

  /** Resolves true once no key is being processed, or false when `timeoutMs` (wall time) passes first. */
  waitForIdle(timeoutMs: number): Promise<boolean> {
    if (this.processing.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      // A shutdown deadline is a safety net, not logic under test: it runs on real time so that a
      // test's frozen clock cannot make stop() hang.
      const timer = setTimeout(() => finish(false), timeoutMs);
      const idle = (): void => finish(true);
      const finish = (result: boolean): void => {
        clearTimeout(timer);
        this.idleWaiters.delete(idle);
        resolve(result);
      };
      this.idleWaiters.add(idle);
    });
  }

  private handOut(key: K, waiter: (key: K) => void): void {
    this.processing.add(key);
    this.dirty.delete(key);
    waiter(key);
  }

  private depthChanged(): void {
    this.opts.onDepthChange?.(this.queue.length);
  }
}
