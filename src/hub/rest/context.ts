import type { Clock } from '../../kube/clock.js';
import type { Committer } from '../storage/committer.js';
import type { SqliteStore } from '../storage/sqlite-store.js';
import type { WatchHub } from '../storage/watch-hub.js';
import type { ResourceRegistry } from '../registry/registry.js';

/** What every part of the hub's REST layer and its in-process controllers share. */
export interface HubContext {
  store: SqliteStore;
  committer: Committer;
  registry: ResourceRegistry;
  watchHub: WatchHub;
  /** The hub only stamps times; it never sleeps on the clock. */
  clock: Pick<Clock, 'now'>;
}
