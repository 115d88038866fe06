// Whether a Restore asked for passive sync with options that allow it (hub-backup.md §4.7). With
// invalid options the Restore runs once and its message says why sync was ignored.
import { SYNC_INVALID_REASONS, type AcmRestoreSpec } from '../../api/backup/index.js';
import { isLatest, isSkip } from './spec-values.js';

/** Why the sync options are invalid, or undefined when they are valid (or sync is off). */
export function syncOptionsProblem(spec: AcmRestoreSpec): string | undefined {
  if (spec.syncRestoreWithNewBackups !== true) return undefined;
  const names = [spec.veleroManagedClustersBackupName, spec.veleroCredentialsBackupName, spec.veleroResourcesBackupName];
  if (names.some((n) => n === undefined || n === null || n.trim() === '')) return SYNC_INVALID_REASONS.namesNotSet;
  if (!isSkip(spec.veleroManagedClustersBackupName) && !isLatest(spec.veleroManagedClustersBackupName)) return SYNC_INVALID_REASONS.managedClusters;
  if (!isLatest(spec.veleroCredentialsBackupName)) return SYNC_INVALID_REASONS.credentials;
  if (!isLatest(spec.veleroResourcesBackupName)) return SYNC_INVALID_REASONS.resources;
  return undefined;
}

export function hasValidSyncOptions(spec: AcmRestoreSpec): boolean {
  return spec.syncRestoreWithNewBackups === true && syncOptionsProblem(spec) === undefined;
}
