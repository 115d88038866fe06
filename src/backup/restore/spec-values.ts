// The Restore's backup-name fields as the controller reads them: `latest` and `skip` are compared
// trimmed and case-insensitively everywhere (decision 7), so `" Skip "` means skip in every rule,
// where upstream compares exact-case in a few places (hub-backup.md §10 item 10).
import { BACKUP_NAME_LATEST, BACKUP_NAME_SKIP, type AcmRestoreSpec } from '../../api/backup/index.js';

/** What a backup-name field holds once normalised: trimmed and lower-cased (§4.3). */
export function normalizeBackupName(value: string | undefined | null): string {
  return (value ?? '').trim().toLowerCase();
}

export function isSkip(value: string | undefined | null): boolean {
  return normalizeBackupName(value) === BACKUP_NAME_SKIP;
}

export function isLatest(value: string | undefined | null): boolean {
  return normalizeBackupName(value) === BACKUP_NAME_LATEST;
}

/** All three backup names are `skip`: the Restore has nothing to do. */
export function allSkipped(spec: AcmRestoreSpec): boolean {
  return isSkip(spec.veleroManagedClustersBackupName) && isSkip(spec.veleroCredentialsBackupName) && isSkip(spec.veleroResourcesBackupName);
}

/** Managed clusters are restored (activated) by this Restore. */
export function restoresManagedClusters(spec: AcmRestoreSpec): boolean {
  return !isSkip(spec.veleroManagedClustersBackupName);
}
