// The restore side of the Velero-compatible engine: runRestore executes one Restore, the
// controller runs them as they are created.
export { runRestore, DEFAULT_RESOURCE_TIMEOUT_MS } from './run-restore.js';
export type { RunRestoreOptions, RestoreOutcome, RestoreUpdate, StoreOpener } from './run-restore.js';
export { RestoreController, failInterruptedRestores, RESTORE_CONTROLLER_NAME, INTERRUPTED_RESTORE_REASON } from './restore-controller.js';
export type { RestoreControllerOptions } from './restore-controller.js';
export { validateRestore, mostRecentCompletedBackup, completeSpec } from './validate.js';
export type { ValidatedRestore } from './validate.js';
export { encodeResults } from './restore-files.js';
export type { RestoreResults, VeleroResult } from './results.js';
export { HIGH_PRIORITIES, LOW_PRIORITIES, orderedResources } from './order.js';
export { planRestore } from './plan-restore.js';
export type { PlanRestoreOptions } from './plan-restore.js';
export type { PlannedItem, PlannedAction } from './plan-recorder.js';
