import type { Committer } from '../storage/committer.js';
import type { SqliteStore } from '../storage/sqlite-store.js';
import type { WatchHub } from '../storage/watch-hub.js';
import type { ResourceRegistry } from '../registry/registry.js';

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** What every part of the hub's REST layer and its in-process controllers share. */
export interface HubContext {
  store: SqliteStore;
  committer: Committer;
  registry: ResourceRegistry;
  watchHub: WatchHub;
  clock: Clock;
}

/** RFC 3339 with second precision, as metav1.Time serialises. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** metav1.MicroTime: microsecond precision. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
