import { pino, type Logger } from 'pino';
import {
  BACKUP_STORAGE_LOCATIONS,
  BACKUPS,
  DELETE_BACKUP_REQUESTS,
  LABEL_BACKUP_NAME,
  LABEL_BACKUP_UID,
  getValidName,
  type Backup,
  type BackupStorageLocation,
  type DeleteBackupRequest,
} from '../../../api/velero/index.js';
import { isNotFound, type KubeClient } from '../../../kube/index.js';
import type { ReconcileContext, ReconcileRequest, ReconcileResult, Reconciler } from '../../../kube/runtime/contract.js';
import { openObjectStore, type OpenedObjectStore } from '../object-store/open-store.js';
import { deleteRequestSelector } from '../gc/delete-backup-request.js';
import { errorMessage } from './aggregate-errors.js';
import { deleteBackupFiles } from './delete-backup-files.js';
import { deleteRestoresOfBackup } from './delete-restores.js';

/** Requests that are finished (or stuck) are removed after a day, as Velero does. */
export const DELETE_REQUEST_MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Velero looks at old requests once an hour. */
const STALE_REQUEST_CHECK_MS = 60 * 60 * 1000;

export interface DeletionReconcilerOptions {
  log?: Logger;
  /** How a storage location becomes a store; default openObjectStore. */
  openStore?: (bsl: BackupStorageLocation, client: KubeClient) => Promise<OpenedObjectStore>;
  /** How long to wait for Restores of the backup to disappear. Default 60 s. */
  restoreWaitMs?: number;
  /** How often to look while waiting. Default 1 s. */
  restorePollMs?: number;
}

type Patchable = { phase: 'InProgress' | 'Processed'; errors?: string[]; labels?: Record<string, string> };

/**
 * Velero's backup deletion controller (spec/velero.md §6.4): a DeleteBackupRequest goes
 * New → InProgress → Processed; the Backup goes `Deleting`; its files in storage are deleted first,
 * then the Restores made from it, then the Backup object; what went wrong is in `status.errors`.
 */
export class DeletionReconciler implements Reconciler {
  private readonly log: Logger;
  private readonly openStore: (bsl: BackupStorageLocation, client: KubeClient) => Promise<OpenedObjectStore>;

  constructor(private readonly opts: DeletionReconcilerOptions = {}) {
    this.log = opts.log ?? pino({ level: 'silent' });
    this.openStore = opts.openStore ?? openObjectStore;
  }

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const { client, signal } = ctx;
    let request: DeleteBackupRequest;
    try {
      request = await client.get<DeleteBackupRequest>(DELETE_BACKUP_REQUESTS, req.name, { namespace: req.namespace, signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const now = ctx.clock.now();
    const phase = request.status?.phase ?? '';
    if (phase === 'Processed' || phase === 'InProgress') {
      const age = now - Date.parse(request.metadata.creationTimestamp ?? '');
      if (age >= DELETE_REQUEST_MAX_AGE_MS) {
        await client.delete(DELETE_BACKUP_REQUESTS, req.name, { namespace: req.namespace, signal }).catch((err: unknown) => {
          if (!isNotFound(err)) this.log.error({ err: errorMessage(err), deleteBackupRequest: req.name }, 'error deleting an expired DeleteBackupRequest');
        });
        return;
      }
      if (phase === 'Processed') return { requeueAfterMs: Math.min(DELETE_REQUEST_MAX_AGE_MS - age, STALE_REQUEST_CHECK_MS) };
      // InProgress here means an earlier attempt stopped half way (a crash, a failed write): Velero
      // would leave the Backup `Deleting` for good; finishing the job converges instead.
    }

    const backupName = request.spec?.backupName ?? '';
    const log = this.log.child({ deleteBackupRequest: `${req.namespace}/${req.name}`, backup: backupName });
    const finish = (errors: string[]): Promise<void> => this.patchRequest(client, request, { phase: 'Processed', errors }, signal);

    if (backupName === '') return finish(['spec.backupName is required']);
    await this.deleteOtherRequests(client, request, log, signal);

    let backup: Backup;
    try {
      backup = await client.get<Backup>(BACKUPS, backupName, { namespace: req.namespace, signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      if (phase !== 'InProgress') return finish(['backup not found']);
      // A resumed request whose Backup is already gone: the deletion had completed.
      await finish([]);
      await this.deleteRequestsOfBackup(client, req.namespace, backupName, request.metadata.labels?.[LABEL_BACKUP_UID] ?? '', log, signal);
      return;
    }
    if (backup.status?.phase === 'InProgress') return finish(['backup is still in progress']);

    const locationName = backup.spec?.storageLocation ?? '';
    let location: BackupStorageLocation;
    try {
      if (locationName === '') return finish([`backup storage location ${locationName} not found`]);
      location = await client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, locationName, { namespace: req.namespace, signal });
    } catch (err) {
      if (isNotFound(err)) return finish([`backup storage location ${locationName} not found`]);
      throw new Error(`error getting backup storage location: ${errorMessage(err)}`);
    }
    if (location.spec?.accessMode === 'ReadOnly') {
      return finish([`cannot delete backup because backup storage location ${locationName} is currently in read-only mode`]);
    }
    if (location.status?.phase === 'Unavailable') {
      return finish([`cannot delete backup because backup storage location ${locationName} is currently in Unavailable state`]);
    }

    const labels: Record<string, string> = {};
    if (!request.metadata.labels?.[LABEL_BACKUP_NAME]) labels[LABEL_BACKUP_NAME] = getValidName(backupName);
    if (!request.metadata.labels?.[LABEL_BACKUP_UID]) labels[LABEL_BACKUP_UID] = backup.metadata.uid ?? '';
    await this.patchRequest(client, request, { phase: 'InProgress', labels }, signal);
    if (backup.status?.phase !== 'Deleting') {
      await client.patch(BACKUPS, backupName, { status: { phase: 'Deleting' } }, { type: 'merge', namespace: req.namespace, signal });
    }
    log.info('deleting backup');

    let store: OpenedObjectStore;
    try {
      store = await this.openStore(location, client);
    } catch (err) {
      // As in Velero the Backup stays `Deleting`; a new request can try again.
      return finish([errorMessage(err)]);
    }
    const errors: string[] = [];
    try {
      log.info({ store: store.description }, 'removing backup from backup storage');
      const storageError = await deleteBackupFiles(store, backupName, log);
      if (storageError) errors.push(storageError);
    } finally {
      store.close();
    }

    log.info('removing restores');
    const restoreWait = { waitMs: this.opts.restoreWaitMs ?? 60_000, pollMs: this.opts.restorePollMs ?? 1000 };
    errors.push(...(await deleteRestoresOfBackup(client, req.namespace, backupName, ctx.clock, restoreWait, log, signal)));

    // The Backup object goes only when everything before went well, so a failure can be retried.
    if (errors.length === 0) {
      try {
        await client.delete(BACKUPS, backupName, { namespace: req.namespace, signal, preconditions: { uid: backup.metadata.uid } });
      } catch (err) {
        if (!isNotFound(err)) errors.push(`error deleting backup ${req.namespace}/${backupName}: ${errorMessage(err)}`);
      }
    }
    await finish(errors);
    if (errors.length > 0) {
      log.warn({ errors }, 'backup deletion finished with errors');
      return;
    }
    log.info('backup deleted');
    await this.deleteRequestsOfBackup(client, req.namespace, backupName, backup.metadata.uid ?? '', log, signal);
  }

  private async patchRequest(client: KubeClient, request: DeleteBackupRequest, change: Patchable, signal: AbortSignal): Promise<void> {
    const patch: Record<string, unknown> = {
      status: { phase: change.phase, ...(change.phase === 'Processed' ? { errors: change.errors && change.errors.length > 0 ? change.errors : null } : {}) },
    };
    if (change.labels && Object.keys(change.labels).length > 0) patch.metadata = { labels: change.labels };
    const patched = await client.patch<DeleteBackupRequest>(DELETE_BACKUP_REQUESTS, request.metadata.name ?? '', patch, {
      type: 'merge',
      namespace: request.metadata.namespace,
      signal,
    });
    request.metadata = patched.metadata;
    request.status = patched.status;
  }

  /** Only one request per backup at a time: the others (same backup name) are deleted. */
  private async deleteOtherRequests(client: KubeClient, request: DeleteBackupRequest, log: Logger, signal: AbortSignal): Promise<void> {
    const namespace = request.metadata.namespace ?? '';
    const selector = `${LABEL_BACKUP_NAME}=${getValidName(request.spec?.backupName ?? '')}`;
    const failures: string[] = [];
    for await (const other of client.listAll<DeleteBackupRequest>(DELETE_BACKUP_REQUESTS, { namespace, labelSelector: selector, signal })) {
      const name = other.metadata.name ?? '';
      if (name === request.metadata.name) continue;
      try {
        await client.delete(DELETE_BACKUP_REQUESTS, name, { namespace, signal });
        log.info({ removed: name }, 'removed an older deletion request for the same backup');
      } catch (err) {
        if (!isNotFound(err)) failures.push(errorMessage(err));
      }
    }
    if (failures.length > 0) throw new Error(`error deleting other DeleteBackupRequests: ${failures.join('; ')}`);
  }

  /** Once a backup is gone, so are all the requests about it (this one included), as in Velero. */
  private async deleteRequestsOfBackup(
    client: KubeClient,
    namespace: string,
    backupName: string,
    uid: string,
    log: Logger,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      await client.deleteCollection(DELETE_BACKUP_REQUESTS, { namespace, labelSelector: deleteRequestSelector(backupName, uid), signal });
    } catch (err) {
      log.error({ err: errorMessage(err) }, 'error deleting all associated DeleteBackupRequests after successfully deleting the backup');
    }
  }
}
