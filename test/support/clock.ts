import type { Clock } from '../../src/kube/index.js';

/** Lets every continuation that is ready run (promise callbacks and I/O already due). */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

interface Sleeper {
  at: number;
  wake(): void;
}

/**
 * The clock tests inject, so that no test waits on real time. Given a start, time stands still
 * until the test moves it with advance() or set(), and a sleep ends when the time passes its
 * deadline. Without a start it is the wall clock, shifted by whatever advance() added, and sleeps
 * end at once (the code under test must not depend on how long they last).
 */
export class TestClock implements Clock {
  private frozenAt: number | undefined;
  private offsetMs = 0;
  private sleepers: Sleeper[] = [];

  constructor(start?: string | number) {
    this.frozenAt = start === undefined ? undefined : toMs(start);
  }

  now(): number {
    return this.frozenAt ?? Date.now() + this.offsetMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (this.frozenAt === undefined || signal?.aborted) return nextTurn();
    const at = this.frozenAt + Math.max(ms, 0);
    if (at <= this.frozenAt) return nextTurn();
    return new Promise((resolve) => {
      const onAbort = (): void => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        resolve();
      };
      const sleeper: Sleeper = {
        at,
        wake: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** How long each pending sleep has still to go, shortest first. */
  get pendingSleeps(): number[] {
    return this.sleepers.map((s) => s.at - this.now()).sort((a, b) => a - b);
  }

  advance(ms: number): void {
    if (this.frozenAt === undefined) this.offsetMs += ms;
    else this.set(this.frozenAt + ms);
  }

  /** Moves a stopped clock to `at` and wakes the sleepers whose deadline that passes. */
  set(at: string | number): void {
    if (this.frozenAt === undefined) throw new Error('set() needs a TestClock given a start time');
    this.frozenAt = toMs(at);
    const due = this.sleepers.filter((s) => s.at <= this.now());
    this.sleepers = this.sleepers.filter((s) => s.at > this.now());
    for (const s of due) s.wake();
  }
}

function toMs(at: string | number): number {
  return typeof at === 'string' ? Date.parse(at) : at;
}
