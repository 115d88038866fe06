// The velero Restores one pass of a Restore creates (hub-backup.md §4.3–4.4): keys, the backup each
// reads and the velero Restore built for it, or the error that stops the pass. A pure decision over
// the listed Backups; the controller creates these, `lifeboat restore preview` reads them.
import { MSG_NO_VELERO_BACKUPS, type AcmRestore } from '../../api/backup/index.js';
import type { Backup, Restore } from '../../api/velero/index.js';
import { restoreKeys, type RestoreKey, type RestoreMode } from './restore-keys.js';
import { isSwallowedKey, resolveBackup, type Resolution } from './resolve-backup.js';
import { buildVeleroRestore } from './velero-restore.js';

export interface PlannedRestore {
  key: RestoreKey;
  backup: Backup;
  restore: Restore;
}

export interface SkippedKey {
  key: RestoreKey;
  /** Why its restore is not created (the error upstream swallows for this key). */
  reason: string;
}

export type RestorePlan =
  | { kind: 'restores'; restores: PlannedRestore[]; skipped: SkippedKey[] }
  /** Nothing to create: every key is `skip`, or every error was swallowed (§4.3). */
  | { kind: 'nothing'; skipped: SkippedKey[] }
  /** A credentials, resources or managed-clusters backup cannot be found: the pass stops. */
  | { kind: 'error'; message: string };

export function planVeleroRestores(acm: AcmRestore, mode: RestoreMode, backups: readonly Backup[]): RestorePlan {
  const keys = restoreKeys(acm.spec, mode);
  if (keys.length === 0) return { kind: 'nothing', skipped: [] };
  if (backups.length === 0) return { kind: 'error', message: MSG_NO_VELERO_BACKUPS };

  const resolutions = new Map<RestoreKey, Resolution>();
  if (keys.includes('managedClusters')) resolutions.set('managedClusters', resolveBackup('managedClusters', acm.spec, backups));
  const mc = resolutions.get('managedClusters');
  const mcBackup = mc && 'backup' in mc ? mc.backup : undefined;

  const restores: PlannedRestore[] = [];
  const skipped: SkippedKey[] = [];
  // Keys in creation order, so the first error reported is the one upstream reports (§4.3).
  for (const key of keys) {
    const resolution = resolutions.get(key) ?? resolveBackup(key, acm.spec, backups, mcBackup);
    if ('error' in resolution) {
      if (!isSwallowedKey(key)) return { kind: 'error', message: resolution.error };
      skipped.push({ key, reason: resolution.error });
      continue;
    }
    restores.push({ key, backup: resolution.backup, restore: buildVeleroRestore(acm, key, resolution.backup) });
  }
  return restores.length === 0 ? { kind: 'nothing', skipped } : { kind: 'restores', restores, skipped };
}
