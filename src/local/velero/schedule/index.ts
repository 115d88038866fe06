// Velero's Schedule controller for the embedded hub: cron → Backup objects (spec/velero.md §6.1).
import { DEFAULT_VELERO_NAMESPACE, SCHEDULES } from '../../../api/velero/index.js';
import type { ControllerSpec } from '../../../kube/runtime/contract.js';
import { ScheduleReconciler, type ScheduleReconcilerOptions } from './schedule-reconciler.js';

export { ScheduleReconciler, SCHEDULE_RESYNC_MS } from './schedule-reconciler.js';
export type { ScheduleReconcilerOptions } from './schedule-reconciler.js';
export { backupFromSchedule, scheduledBackupName } from './backup-from-schedule.js';
export { nextRun } from './next-run.js';
export type { RunDecision } from './next-run.js';
export { validateSchedule, EMPTY_SCHEDULE_ERROR } from './validate-schedule.js';
export type { ScheduleValidation } from './validate-schedule.js';

export const SCHEDULE_CONTROLLER_NAME = 'velero-schedule';

/** The controller for the Manager: Schedules of the Velero namespace only, as Velero processes its own namespace. */
export function scheduleController(opts: ScheduleReconcilerOptions & { namespace?: string } = {}): ControllerSpec {
  return {
    name: SCHEDULE_CONTROLLER_NAME,
    for: SCHEDULES,
    namespace: opts.namespace ?? DEFAULT_VELERO_NAMESPACE,
    reconciler: new ScheduleReconciler(opts),
  };
}
