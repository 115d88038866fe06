// The BackupSchedule controller (hub-backup.md §2).
export { backupScheduleController, BACKUP_SCHEDULE_CONTROLLER } from './controller.js';
export type { BackupScheduleControllerOptions } from './controller.js';
export { BackupScheduleReconciler, FAILURE_INTERVAL_MS, COLLISION_CONTROL_INTERVAL_MS, COLLISION_GRACE_MS } from './reconciler.js';
export type { BackupScheduleReconcilerOptions } from './reconciler.js';
export { defaultHooks } from './hooks.js';
export type { BackupScheduleHooks } from './hooks.js';
export { buildSchedule, buildSchedules } from './build-schedules.js';
export { validationTtl, validationTtlMs } from './validation-ttl.js';
export { phaseFromSchedules } from './phase.js';
export { validateBackupSchedule, validateSpec } from './validate.js';
export { checkStorageLocation, isUsableLocation } from './storage-location.js';
export { collectExpiredValidationBackups } from './validation-backup-gc.js';
export { deleteVeleroBackup } from './delete-backup.js';
export { backupTimestamp, initialBackupFor } from './initial-backups.js';
