import type { Logger } from 'pino';
import {
  BACKUP_STORAGE_LOCATIONS,
  BACKUPS,
  DELETE_BACKUP_REQUESTS,
  GC_FAILURE_BSL_CANNOT_GET,
  GC_FAILURE_BSL_NOT_FOUND,
  GC_FAILURE_BSL_READ_ONLY,
  LABEL_GC_FAILURE,
  type Backup,
  type BackupStorageLocation,
  type DeleteBackupRequest,
} from '../../../api/velero/index.js';
import { isNotFound, type KubeClient } from '../../../kube/index.js';
import { deleteRequestSelector, newDeleteBackupRequest } from './delete-backup-request.js';

export type GcOutcome =
  /** No expiration, or it is still ahead. */
  | 'not-expired'
  /** A DeleteBackupRequest was created. */
  | 'requested'
  /** A request that is not processed yet exists already. */
  | 'already-requested'
  /** The location is read-only: the backup stays, labelled `velero.io/gc-failure=BSLReadOnly`. */
  | 'read-only';

/** The location is missing, unreadable or Unavailable: the key is retried with back-off, as in Velero. */
export class GcBlockedError extends Error {
  override readonly name = 'GcBlockedError';
}

const PENDING_REQUEST_PHASES = new Set<string>(['', 'New', 'InProgress']);

/**
 * Velero's garbage collection of one Backup (spec/velero.md §6.3): once `status.expiration` has
 * passed, ask for its deletion with a DeleteBackupRequest — unless its storage location forbids
 * it, which is recorded in the `velero.io/gc-failure` label.
 */
export async function collectExpiredBackup(client: KubeClient, backup: Backup, nowMs: number, log: Logger, signal?: AbortSignal): Promise<GcOutcome> {
  const expiration = backup.status?.expiration ? Date.parse(backup.status.expiration) : NaN;
  if (Number.isNaN(expiration) || expiration > nowMs) return 'not-expired';
  const namespace = backup.metadata.namespace ?? '';
  const name = backup.metadata.name ?? '';
  const locationName = backup.spec?.storageLocation ?? '';
  log.info({ expiration: backup.status?.expiration }, 'backup has expired');

  let location: BackupStorageLocation;
  try {
    if (locationName === '') throw new Error('the backup names no storage location');
    location = await client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, locationName, { namespace, signal });
  } catch (err) {
    const failure = isNotFound(err) ? GC_FAILURE_BSL_NOT_FOUND : GC_FAILURE_BSL_CANNOT_GET;
    if (failure === GC_FAILURE_BSL_NOT_FOUND)
      log.warn({ location: locationName }, 'backup cannot be garbage-collected because its storage location does not exist');
    await setGcFailure(client, backup, failure, log, signal);
    throw new GcBlockedError(`error getting backup storage location: ${(err as Error).message}`);
  }

  if (location.status?.phase === 'Unavailable') {
    throw new GcBlockedError(`error gc backup ${namespace}/${name} because BSL ${location.metadata.name ?? ''} is unavailable`);
  }
  if (location.spec?.accessMode === 'ReadOnly') {
    log.info({ location: locationName }, 'backup cannot be garbage-collected because its storage location is read-only');
    await setGcFailure(client, backup, GC_FAILURE_BSL_READ_ONLY, log, signal);
    return 'read-only';
  }
  await setGcFailure(client, backup, undefined, log, signal);

  const uid = backup.metadata.uid ?? '';
  for await (const request of client.listAll<DeleteBackupRequest>(DELETE_BACKUP_REQUESTS, {
    namespace,
    labelSelector: deleteRequestSelector(name, uid),
    signal,
  })) {
    if (PENDING_REQUEST_PHASES.has(request.status?.phase ?? '')) {
      log.info({ deleteBackupRequest: request.metadata.name }, 'backup already has a pending deletion request');
      return 'already-requested';
    }
  }
  const created = await client.create<DeleteBackupRequest>(DELETE_BACKUP_REQUESTS, newDeleteBackupRequest(namespace, name, uid), { signal });
  log.info({ deleteBackupRequest: created.metadata.name }, 'created a deletion request for the expired backup');
  return 'requested';
}

/** Sets (or, with undefined, removes) the gc-failure label; writes only when it changes. */
async function setGcFailure(client: KubeClient, backup: Backup, value: string | undefined, log: Logger, signal?: AbortSignal): Promise<void> {
  const current = backup.metadata.labels?.[LABEL_GC_FAILURE];
  if (current === value) return;
  try {
    await client.patch(
      BACKUPS,
      backup.metadata.name ?? '',
      { metadata: { labels: { [LABEL_GC_FAILURE]: value ?? null } } },
      {
        type: 'merge',
        namespace: backup.metadata.namespace,
        signal,
      },
    );
  } catch (err) {
    // Velero logs and goes on: the label is advice, the decision does not depend on it.
    log.error({ err: (err as Error).message }, 'error updating backup labels');
  }
}
