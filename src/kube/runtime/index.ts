// The controller runtime: what every Lifeboat controller is built on.
export type { Reconciler, ReconcileRequest, ReconcileResult, ReconcileContext, CacheReader, ControllerSpec, EventRecorder, EventType } from './contract.js';
export { Manager } from './manager.js';
export type { ManagerOptions } from './manager.js';
export type { LeaderElectionConfig } from './leadership.js';
export { WorkQueue } from './work-queue.js';
export type { WorkQueueOptions } from './work-queue.js';
export { ItemExponentialRateLimiter, DEFAULT_BASE_DELAY_MS, DEFAULT_MAX_DELAY_MS } from './rate-limiter.js';
export type { RateLimiterOptions } from './rate-limiter.js';
export { KubeEventRecorder, EVENTS_V1 } from './event-recorder.js';
export type { EventRecorderOptions, EventV1 } from './event-recorder.js';
export { setCondition, removeCondition, getCondition, isTrue, isFalse } from './conditions.js';
export type { ConditionInput } from './conditions.js';
export type { Condition, ConditionStatus } from '../../api/meta.js';
export { RuntimeMetrics } from './metrics.js';
export type { ReconcileOutcome } from './metrics.js';
export { startMetricsServer } from './metrics-server.js';
export type { MetricsServer, MetricsServerOptions } from './metrics-server.js';
