// Velero's backup sync for the embedded hub: storage location ⇄ Backup objects (spec/velero.md §6.5).
import { BACKUP_STORAGE_LOCATIONS, DEFAULT_VELERO_NAMESPACE } from '../../../api/velero/index.js';
import type { ControllerSpec } from '../../../kube/runtime/contract.js';
import { BackupSyncReconciler, type BackupSyncReconcilerOptions } from './sync-reconciler.js';

export { BackupSyncReconciler, SYNC_CHECK_PERIOD_MS } from './sync-reconciler.js';
export type { BackupSyncReconcilerOptions } from './sync-reconciler.js';
export { syncBackups } from './sync-backups.js';
export type { SyncReport } from './sync-backups.js';
export { readBackupMetadata, readPodVolumeBackups } from './backup-metadata.js';
export { StoredObjectError } from './decode-stored.js';
export { syncPodVolumeBackups } from './pod-volume-backups.js';
export { syncPeriodMs, DEFAULT_BACKUP_SYNC_PERIOD_MS } from './sync-period.js';

export const BACKUP_SYNC_CONTROLLER_NAME = 'velero-backup-sync';

export function backupSyncController(opts: BackupSyncReconcilerOptions & { namespace?: string } = {}): ControllerSpec {
  return {
    name: BACKUP_SYNC_CONTROLLER_NAME,
    for: BACKUP_STORAGE_LOCATIONS,
    namespace: opts.namespace ?? DEFAULT_VELERO_NAMESPACE,
    reconciler: new BackupSyncReconciler(opts),
  };
}
