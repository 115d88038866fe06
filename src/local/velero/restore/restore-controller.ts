// The restore controller of the Velero-compatible engine (spec/velero.md §1.7, §5, §5.9): runs
// every new Restore of its namespace, records the outcome on the Restore and as Events, and on
// deletion removes the restore's files from the storage location.
import { pino, type Logger } from 'pino';
import {
  BACKUP_STORAGE_LOCATIONS,
  BACKUPS,
  RESTORE_EXTERNAL_RESOURCES_FINALIZER,
  RESTORES,
  type Backup,
  type BackupStorageLocation,
  type Restore,
  type RestoreStatus,
} from '../../../api/velero/index.js';
import { isConflict, isNotFound, type KubeClient } from '../../../kube/index.js';
import type { ControllerSpec, ReconcileContext, ReconcileRequest, Reconciler } from '../../../kube/runtime/contract.js';
import { formatVeleroTime } from '../backup/duration.js';
import { restoreDir } from '../layout.js';
import { openObjectStore } from '../object-store/index.js';
import { allMessages } from './results.js';
import { patchRestore, patchRestoreWithRetries, progressReporter } from './restore-status.js';
import { runRestore, type StoreOpener } from './run-restore.js';

export const RESTORE_CONTROLLER_NAME = 'velero-restore';
export const INTERRUPTED_RESTORE_REASON = 'found a restore with status "InProgress" during the server starting, mark it as "Failed"';
// Events carry at most a few messages; the results file has them all.
const MESSAGES_IN_EVENT = 3;

export interface RestoreControllerOptions {
  log?: Logger;
  /** How to open a storage location's store; default openObjectStore. */
  openStore?: StoreOpener;
  /** Where tarballs are unpacked; default the OS temp dir. */
  tempDir?: string;
  /** Velero's --resource-timeout / --terminating-resource-timeout (default 10 minutes). */
  resourceTimeoutMs?: number;
}

function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class RestoreController implements Reconciler {
  private readonly log: Logger;

  constructor(
    readonly namespace: string,
    private readonly opts: RestoreControllerOptions = {},
  ) {
    this.log = (opts.log ?? pino({ level: 'silent' })).child({ controller: RESTORE_CONTROLLER_NAME });
  }

  /** Registration for the Manager: Restores of this namespace, one at a time as Velero runs them. */
  controllerSpec(): ControllerSpec {
    return { name: RESTORE_CONTROLLER_NAME, for: RESTORES, namespace: this.namespace, reconciler: this, concurrency: 1 };
  }

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<void> {
    if (req.namespace !== this.namespace) return;
    let restore: Restore;
    try {
      restore = await ctx.client.get<Restore>(RESTORES, req.name, { namespace: req.namespace, signal: ctx.signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const log = this.log.child({ namespace: req.namespace, name: req.name });
    const finalizers = restore.metadata.finalizers ?? [];

    if (restore.metadata.deletionTimestamp) {
      if (!finalizers.includes(RESTORE_EXTERNAL_RESOURCES_FINALIZER)) return;
      await this.deleteRestoreFiles(ctx.client, restore, log, ctx.signal);
      await patchRestore(
        ctx.client,
        restore,
        { finalizers: finalizers.filter((f) => f !== RESTORE_EXTERNAL_RESOURCES_FINALIZER) },
        restore.metadata.resourceVersion,
        ctx.signal,
      );
      return;
    }
    if (!finalizers.includes(RESTORE_EXTERNAL_RESOURCES_FINALIZER)) {
      restore = await patchRestore(
        ctx.client,
        restore,
        { finalizers: [...finalizers, RESTORE_EXTERNAL_RESOURCES_FINALIZER] },
        restore.metadata.resourceVersion,
        ctx.signal,
      );
    }
    const phase = restore.status?.phase ?? '';
    if (phase !== '' && phase !== 'New') return;

    const progress = progressReporter(ctx.client, restore, log, ctx.signal);
    const outcome = await runRestore({
      client: ctx.client,
      restore,
      store: this.opts.openStore ?? ((bsl) => openObjectStore(bsl, ctx.client)),
      log,
      clock: ctx.clock,
      signal: ctx.signal,
      tempDir: this.opts.tempDir,
      resourceTimeoutMs: this.opts.resourceTimeoutMs,
      onStarted: async (update) => {
        // The resourceVersion makes this the only run: a second engine's patch would conflict.
        restore = await patchRestore(ctx.client, restore, update, restore.metadata.resourceVersion, ctx.signal);
        ctx.events.event(restore, 'Normal', 'RestoreStarted', `Restoring backup ${update.spec.backupName ?? ''}`);
      },
      onProgress: (p) => progress.report(p),
    });
    await progress.flush();

    if (outcome.status.phase === 'FailedValidation') {
      restore = await patchRestore(ctx.client, restore, { spec: outcome.spec, status: outcome.status }, restore.metadata.resourceVersion, ctx.signal);
      ctx.events.event(restore, 'Warning', 'RestoreFailedValidation', `Restore failed validation: ${(outcome.status.validationErrors ?? []).join('; ')}`);
      return;
    }
    await patchRestoreWithRetries(ctx.client, restore, { status: outcome.status }, ctx.clock, log);
    this.recordOutcome(restore, outcome.status, outcome.results ? allMessages(outcome.results.errors) : [], ctx);
  }

  private recordOutcome(restore: Restore, status: RestoreStatus, errors: string[], ctx: ReconcileContext): void {
    const items = status.progress?.itemsRestored ?? 0;
    const warnings = status.warnings ?? 0;
    switch (status.phase) {
      case 'Completed':
        ctx.events.event(restore, 'Normal', 'RestoreCompleted', `Restore completed: ${items} items restored, ${warnings} warnings`);
        break;
      case 'PartiallyFailed': {
        const shown = errors.slice(0, MESSAGES_IN_EVENT).join('; ');
        const more = errors.length > MESSAGES_IN_EVENT ? ` (and ${errors.length - MESSAGES_IN_EVENT} more)` : '';
        ctx.events.event(
          restore,
          'Warning',
          'RestorePartiallyFailed',
          `Restore partially failed: ${items} items restored, ${status.errors ?? 0} errors, ${warnings} warnings: ${shown}${more}`,
        );
        break;
      }
      case 'Failed':
        ctx.events.event(restore, 'Warning', 'RestoreFailed', `Restore failed: ${status.failureReason ?? 'unknown reason'}`);
        break;
    }
  }

  /**
   * Velero's restore finalizer: removes `restores/<name>/` from the backup's storage location. A
   * backup or location that no longer exists, or a read-only location, leaves nothing to do; an
   * unavailable one is retried.
   */
  private async deleteRestoreFiles(client: KubeClient, restore: Restore, log: Logger, signal: AbortSignal): Promise<void> {
    const namespace = restore.metadata.namespace ?? '';
    const name = restore.metadata.name ?? '';
    const backupName = restore.spec?.backupName ?? '';
    if (backupName === '') return;
    let location: BackupStorageLocation;
    try {
      const backup = await client.get<Backup>(BACKUPS, backupName, { namespace, signal });
      const locationName = backup.spec?.storageLocation ?? '';
      if (locationName === '') return;
      location = await client.get<BackupStorageLocation>(BACKUP_STORAGE_LOCATIONS, locationName, { namespace, signal });
    } catch (err) {
      if (isNotFound(err)) {
        log.info({ err: errMessage(err) }, 'skip deleting the restore files in object storage');
        return;
      }
      throw new Error(`can't get backup info, backup: ${backupName}: ${errMessage(err)}`);
    }
    if (location.spec?.accessMode === 'ReadOnly') return;
    if (location.status?.phase === 'Unavailable')
      throw new Error(`cannot delete restore files: BackupStorageLocation ${location.metadata.name ?? ''} is unavailable`);
    const store = await (this.opts.openStore ?? ((bsl) => openObjectStore(bsl, client)))(location);
    try {
      const keys: string[] = [];
      for await (const key of store.list(restoreDir(name))) keys.push(key);
      for (const key of keys) await store.delete(key);
      log.info({ files: keys.length }, 'restore files deleted from object storage');
    } catch (err) {
      throw new Error(`can't delete restore files in object storage, restore: ${name}: ${errMessage(err)}`);
    } finally {
      store.close?.();
    }
  }
}

/**
 * Run before the controllers start: a Restore still InProgress was cut short by a crash or stop
 * and is marked Failed, as Velero marks it at server start. Returns the names marked.
 */
export async function failInterruptedRestores(
  client: KubeClient,
  namespace: string,
  opts: { log?: Logger; now?: () => number; signal?: AbortSignal } = {},
): Promise<string[]> {
  const now = opts.now ?? Date.now;
  const marked: string[] = [];
  const inProgress: Restore[] = [];
  for await (const restore of client.listAll<Restore>(RESTORES, { namespace, signal: opts.signal }))
    if (restore.status?.phase === 'InProgress') inProgress.push(restore);
  for (let restore of inProgress) {
    const name = restore.metadata.name ?? '';
    for (let attempt = 1; ; attempt++) {
      try {
        await patchRestore(
          client,
          restore,
          { status: { phase: 'Failed', failureReason: INTERRUPTED_RESTORE_REASON, completionTimestamp: formatVeleroTime(now()) } },
          restore.metadata.resourceVersion,
          opts.signal,
        );
        marked.push(name);
        opts.log?.warn({ namespace, name }, INTERRUPTED_RESTORE_REASON);
        break;
      } catch (err) {
        if (isNotFound(err)) break;
        // Changed meanwhile (a finalizer added, say): decide again on the fresh object.
        if (!isConflict(err) || attempt >= 5) throw err;
        try {
          restore = await client.get<Restore>(RESTORES, name, { namespace, signal: opts.signal });
        } catch (getErr) {
          if (isNotFound(getErr)) break;
          throw getErr;
        }
        if (restore.status?.phase !== 'InProgress') break;
      }
    }
  }
  return marked;
}
