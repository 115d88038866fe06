// What a sync tick of an Enabled passive Restore does (hub-backup.md §4.7): restore new backups,
// activate managed clusters, rebuild a deleted tracked restore, or nothing. A pure decision over the
// owned velero restores and the listed Backups.
import type { AcmRestore, AcmRestoreStatus } from '../../api/backup/index.js';
import type { Backup, Restore } from '../../api/velero/index.js';
import type { RestoreMode } from './restore-keys.js';
import { newestBackup } from './resolve-backup.js';
import { isLatest } from './spec-values.js';
import { trackedNames } from './tracked.js';
import { veleroRestoreName } from './velero-restore.js';

function trackedNameOf(status: AcmRestoreStatus | undefined, key: 'resources' | 'credentials'): string | undefined {
  return key === 'resources' ? status?.veleroResourcesRestoreName : status?.veleroCredentialsRestoreName;
}

function startMs(backup: Backup): number {
  const ms = Date.parse(backup.status?.startTimestamp ?? '');
  return Number.isNaN(ms) ? 0 : ms;
}

/** A newer backup of this type than the one its tracked restore read (§4.7 "New backups available?"). */
export function hasNewBackup(restore: AcmRestore, key: 'resources' | 'credentials', owned: readonly Restore[], backups: readonly Backup[]): boolean {
  const newest = newestBackup(key, backups);
  const tracked = trackedNameOf(restore.status, key);
  if (!newest || !tracked) return false;
  if (veleroRestoreName(restore.metadata.name ?? '', newest.metadata.name ?? '', key) === tracked) return false;
  const trackedRestore = owned.find((r) => r.metadata.name === tracked);
  if (!trackedRestore) return true;
  const oldName = trackedRestore.spec?.backupName ?? '';
  if (oldName === newest.metadata.name) return false;
  const old = backups.find((b) => b.metadata.name === oldName);
  return !old || startMs(old) < startMs(newest);
}

/** The restores a sync tick creates: a full set, the activation set, or none. */
export function syncMode(restore: AcmRestore, owned: readonly Restore[], backups: readonly Backup[]): RestoreMode | undefined {
  if (hasNewBackup(restore, 'resources', owned, backups) || hasNewBackup(restore, 'credentials', owned, backups)) return 'full';
  if (isLatest(restore.spec.veleroManagedClustersBackupName) && !restore.status?.veleroManagedClustersRestoreName) return 'activation';
  const ownedNames = new Set(owned.map((r) => r.metadata.name));
  if (trackedNames(restore.status).some((name) => !ownedNames.has(name))) return 'full';
  return undefined;
}
