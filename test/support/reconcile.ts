import type { CacheReader, Clock, EventRecorder, KubeClient, ReconcileContext } from '../../src/kube/index.js';
import { TestClock } from './clock.js';

const NO_EVENTS: EventRecorder = { event: () => undefined };
const NO_CACHE: CacheReader = { get: () => undefined, list: () => [] };

/** What the Manager hands a reconciler, for calling reconcile() directly: no cache, events dropped. */
export function reconcileContext(client: KubeClient, clock: Clock = new TestClock(), events: EventRecorder = NO_EVENTS): ReconcileContext {
  return { signal: new AbortController().signal, client, clock, events, cache: NO_CACHE };
}
