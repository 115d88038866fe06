// Backup collision detection (hub-backup.md §3, decisions 1 and 2).
export { checkBackupCollision } from './check.js';
export type { CollisionResult, CollisionCheckOptions } from './check.js';
export { collisionCheckController, CollisionCheckReconciler, COLLISION_CHECK_CONTROLLER, DEFAULT_COLLISION_CHECK_INTERVAL_MS } from './controller.js';
export type { CollisionCheckControllerOptions } from './controller.js';
export { detectCollision } from './detect.js';
export type { CollisionDecision, CollisionInputs } from './detect.js';
export { collisionCheckApplies, MIN_SCHEDULE_AGE_MS } from './gate.js';
export { listOwnedSchedules, isOwnedBy } from '../owned-schedules.js';
export { EVENT_REASON_BACKUP_COLLISION } from './react.js';
