// The Velero-compatible backup engine: executes velero.io/v1 Backups into Velero's object-store
// layout and tarball format.
export { runBackup } from './run-backup.js';
export type { RunBackupOptions, StoreOpener } from './run-backup.js';
export { BackupController, failInterruptedBackups, BACKUP_CONTROLLER_NAME, INTERRUPTED_BACKUP_REASON } from './backup-controller.js';
export type { BackupControllerOptions } from './backup-controller.js';
export { prepareBackup, MIXED_FILTERS_ERROR, BOTH_SELECTORS_ERROR } from './prepare-backup.js';
export type { PreparedBackup, PrepareOptions } from './prepare-backup.js';
export { apiBackupReporter, patchBackup, mergePatchFrom } from './backup-status.js';
export type { BackupReporter } from './backup-status.js';
export { VELERO_SERVER_DEFAULTS, AUTO_EXCLUDED_CLUSTER_SCOPED, AUTO_EXCLUDED_NAMESPACE_SCOPED } from './server-defaults.js';
export type { BackupServerDefaults } from './server-defaults.js';
export { itemPaths, resourceKey, VERSION_ENTRY } from './backup-archive.js';
export { backupMetadataJson } from './persist-backup.js';
export { marshalGoJson, encodeGoJson, parseKubeJson } from './go-json.js';
export { parseGoDuration, formatGoDuration, formatVeleroTime } from './duration.js';
export type { BackupResult, BackupResults } from './backup-log.js';
