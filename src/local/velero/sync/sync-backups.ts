import type { Logger } from 'pino';
import {
  BACKUPS,
  LABEL_STORAGE_LOCATION,
  SCHEDULES,
  getValidName,
  type Backup,
  type BackupPhase,
  type BackupStorageLocation,
  type Schedule,
} from '../../../api/velero/index.js';
import type { OwnerReference } from '../../../api/meta.js';
import { isAlreadyExists, isNotFound, type KubeClient } from '../../../kube/index.js';
import { BACKUPS_PREFIX, backupNameFromPrefix } from '../layout.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { readBackupMetadata } from './backup-metadata.js';
import { syncPodVolumeBackups } from './pod-volume-backups.js';

export interface SyncReport {
  /** Backups created in the cluster from storage. */
  created: string[];
  /** Backups in storage left out this round (no metadata yet, unfinished, unreadable, failed create). */
  skipped: string[];
  /** Backup objects deleted because their files are gone. */
  deleted: string[];
}

/** Written to storage before the final phase; synced only once they can no longer finish. */
const UNFINISHED_PHASES = new Set<BackupPhase>([
  'WaitingForPluginOperations',
  'WaitingForPluginOperationsPartiallyFailed',
  'Finalizing',
  'FinalizingPartiallyFailed',
]);
/** Only finished backups are removed when their files disappear; others may still be on their way. */
const ORPHAN_PHASES = new Set<BackupPhase>(['Completed', 'PartiallyFailed']);

/**
 * One round of Velero's backup sync for one location (spec/velero.md §6.5): Backups present in
 * storage but not in the namespace are created from their `velero-backup.json`; finished Backups of
 * this location whose files are gone are deleted.
 */
export async function syncBackups(
  client: KubeClient,
  namespace: string,
  location: BackupStorageLocation,
  store: ObjectStore,
  nowMs: number,
  log: Logger,
  signal?: AbortSignal,
): Promise<SyncReport> {
  const report: SyncReport = { created: [], skipped: [], deleted: [] };
  const locationName = location.metadata.name ?? '';
  const inStorage = new Set((await store.listPrefixes(BACKUPS_PREFIX)).map(backupNameFromPrefix));

  const inCluster = new Set<string>();
  try {
    for await (const backup of client.listAll<Backup>(BACKUPS, { namespace, signal })) inCluster.add(backup.metadata.name ?? '');
  } catch (err) {
    // As Velero: go on; creating a Backup that exists fails harmlessly with AlreadyExists.
    log.error({ err: (err as Error).message }, 'error getting backups from cluster, proceeding with sync into cluster');
  }

  const missing = [...inStorage].filter((name) => !inCluster.has(name)).sort();
  if (missing.length > 0) log.info({ count: missing.length }, 'found backups in the backup location that do not exist in the cluster');
  for (const name of missing) {
    const created = await syncOneBackup(client, namespace, locationName, store, name, nowMs, log.child({ backup: name }), signal);
    (created ? report.created : report.skipped).push(name);
  }

  report.deleted = await deleteOrphanedBackups(client, namespace, locationName, store, inStorage, log, signal);
  return report;
}

async function syncOneBackup(
  client: KubeClient,
  namespace: string,
  locationName: string,
  store: ObjectStore,
  name: string,
  nowMs: number,
  log: Logger,
  signal?: AbortSignal,
): Promise<boolean> {
  let backup: Backup | undefined;
  try {
    backup = await readBackupMetadata(store, name);
  } catch (err) {
    log.error({ err: (err as Error).message }, 'error getting backup metadata from backup store');
    return false;
  }
  if (!backup) {
    log.debug('no velero-backup.json yet; skipping');
    return false;
  }

  const phase = backup.status?.phase;
  if (phase && UNFINISHED_PHASES.has(phase)) {
    const expiration = backup.status?.expiration ? Date.parse(backup.status.expiration) : NaN;
    if (Number.isNaN(expiration) || expiration > nowMs) {
      log.debug({ phase }, 'skipping non-expired incomplete backup');
      return false;
    }
    log.debug({ phase }, 'incomplete backup is past expiration, syncing it for garbage collection');
    backup.status = { ...backup.status, phase: 'PartiallyFailed' };
  }

  // The location may have another name here than where the backup was written.
  backup.metadata.name ??= name;
  backup.metadata.namespace = namespace;
  delete backup.metadata.resourceVersion;
  backup.spec = { ...backup.spec, storageLocation: locationName };
  backup.metadata.labels = { ...backup.metadata.labels, [LABEL_STORAGE_LOCATION]: getValidName(locationName) };
  const owners = await filterScheduleOwners(client, namespace, backup.metadata.ownerReferences ?? [], log, signal);
  if (owners.length > 0) backup.metadata.ownerReferences = owners;
  else delete backup.metadata.ownerReferences;

  let created: Backup;
  try {
    created = await client.create<Backup>(BACKUPS, backup, { signal });
  } catch (err) {
    if (isAlreadyExists(err)) log.debug('backup already exists in cluster');
    else log.error({ err: (err as Error).message }, 'error syncing backup into cluster');
    return false;
  }
  log.info('synced backup into cluster');
  await syncPodVolumeBackups(client, namespace, store, created, log, signal);
  return true;
}

/**
 * Drops ownerReferences to Schedules that do not exist here, or exist with another uid: the
 * cluster's garbage collector would otherwise delete the synced Backup at once (velero-io/velero#4093).
 */
async function filterScheduleOwners(
  client: KubeClient,
  namespace: string,
  owners: OwnerReference[],
  log: Logger,
  signal?: AbortSignal,
): Promise<OwnerReference[]> {
  const kept: OwnerReference[] = [];
  for (const owner of owners) {
    if (owner.kind === 'Schedule') {
      try {
        const schedule = await client.get<Schedule>(SCHEDULES, owner.name, { namespace, signal });
        if (schedule.metadata.uid !== owner.uid) {
          log.warn({ schedule: owner.name, expected: owner.uid, found: schedule.metadata.uid }, 'removing schedule ownership reference with mismatched UIDs');
          continue;
        }
      } catch (err) {
        if (isNotFound(err)) log.warn({ schedule: owner.name }, 'removing missing schedule ownership reference from backup');
        else log.warn({ schedule: owner.name, err: (err as Error).message }, 'unable to check schedule ownership reference from backup');
        continue;
      }
    }
    kept.push(owner);
  }
  return kept;
}

async function deleteOrphanedBackups(
  client: KubeClient,
  namespace: string,
  locationName: string,
  store: ObjectStore,
  inStorage: Set<string>,
  log: Logger,
  signal?: AbortSignal,
): Promise<string[]> {
  const deleted: string[] = [];
  const orphans: Backup[] = [];
  try {
    const labelSelector = `${LABEL_STORAGE_LOCATION}=${getValidName(locationName)}`;
    for await (const backup of client.listAll<Backup>(BACKUPS, { namespace, labelSelector, signal })) {
      const phase = backup.status?.phase;
      if (phase && ORPHAN_PHASES.has(phase) && !inStorage.has(backup.metadata.name ?? '')) orphans.push(backup);
    }
  } catch (err) {
    log.error({ err: (err as Error).message }, 'error listing backups from cluster');
    return deleted;
  }
  if (orphans.length === 0) return deleted;
  // A backup may have finished uploading since the first listing: look once more before deleting.
  const stillStored = new Set((await store.listPrefixes(BACKUPS_PREFIX)).map(backupNameFromPrefix));
  for (const backup of orphans.filter((b) => !stillStored.has(b.metadata.name ?? ''))) {
    const name = backup.metadata.name ?? '';
    try {
      await client.delete(BACKUPS, name, { namespace, signal, preconditions: { uid: backup.metadata.uid } });
      deleted.push(name);
      log.info({ backup: name }, 'deleted orphaned backup from cluster');
    } catch (err) {
      if (!isNotFound(err)) log.error({ backup: name, err: (err as Error).message }, 'error deleting orphaned backup from cluster');
    }
  }
  return deleted;
}
