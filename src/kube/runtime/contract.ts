// The controller-runtime contract every Lifeboat controller is written against. The runtime
// (manager, work queue, informers, leader election, events, metrics) implements it.
import type { KubeClient } from '../client.js';
import type { Clock } from '../clock.js';
import type { KubeObject } from '../../api/meta.js';
import type { ResourceTarget } from '../types.js';

/** What a reconciler is asked to converge: one object, by namespace and name. */
export interface ReconcileRequest {
  namespace: string;
  name: string;
}

export interface ReconcileResult {
  /** Reconcile this key again after this long (e.g. a schedule's next slot, a validation period). */
  requeueAfterMs?: number;
}

/**
 * A pure decision over observed state plus idempotent writes. Throwing means "failed": the key is
 * retried with rate-limited exponential back-off. It may run again at any moment, after a crash.
 */
export interface Reconciler {
  reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult | void>;
}

export interface ReconcileContext {
  signal: AbortSignal;
  client: KubeClient;
  clock: Clock;
  events: EventRecorder;
  /** Cached reads of the primary and watched resources (informer caches). */
  cache: CacheReader;
}

export interface CacheReader {
  get<T extends KubeObject>(target: ResourceTarget, namespace: string, name: string): T | undefined;
  list<T extends KubeObject>(target: ResourceTarget, namespace?: string): T[];
}

export interface ControllerSpec {
  /** Names the controller in logs, metrics (`controller` label) and events. */
  name: string;
  /** The primary resource; its add/update/delete enqueue its own key. */
  for: ResourceTarget;
  /** Limit the primary (and owned) watches to one namespace. */
  namespace?: string;
  /** Resources whose controller ownerReference points at a primary: their changes enqueue the owner. */
  owns?: ResourceTarget[];
  /** Other resources whose changes map to primary keys. */
  watches?: {
    target: ResourceTarget;
    namespace?: string;
    /** `primaries` reads the primary resource's cache, for mappings such as "every primary in that namespace". */
    map(obj: KubeObject, primaries: () => readonly KubeObject[]): ReconcileRequest[];
  }[];
  reconciler: Reconciler;
  /** Workers; one key never runs twice at once whatever this is. Default 1. */
  concurrency?: number;
}

export type EventType = 'Normal' | 'Warning';

/** Writes events.k8s.io/v1 Events (visible in `kubectl describe`), de-duplicated into series. */
export interface EventRecorder {
  event(regarding: KubeObject, type: EventType, reason: string, note: string, action?: string): void;
}
