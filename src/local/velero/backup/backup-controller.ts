// The backup controller of the Velero-compatible engine (spec/velero.md §6.2): runs every new
// Backup of its namespace, one at a time as Velero does by default, and records the outcome on the
// Backup, as Events, and in the storage location.
import type { Logger } from 'pino';
import { pino } from 'pino';
import { BACKUPS } from '../../../api/velero/crds.js';
import type { Backup } from '../../../api/velero/types.js';
import { isNotFound, type KubeClient } from '../../../kube/index.js';
import type { ControllerSpec, ReconcileContext, ReconcileRequest, ReconcileResult, Reconciler } from '../../../kube/runtime/contract.js';
import { locationAwaitingFirstValidation } from './location-pending.js';
import { apiBackupReporter, patchBackup, patchBackupWithRetries, type BackupReporter } from './backup-status.js';
import { formatVeleroTime } from './duration.js';
import { runBackup, type StoreOpener } from './run-backup.js';
import type { BackupServerDefaults } from './server-defaults.js';
import { cloneJson } from '../../../util/json.js';

export const BACKUP_CONTROLLER_NAME = 'velero-backup';

export interface BackupControllerOptions {
  log?: Logger;
  /** How to open a storage location's store; default openObjectStore. */
  openStore?: StoreOpener;
  defaults?: Partial<BackupServerDefaults>;
  progressIntervalMs?: number;
}

export class BackupController implements Reconciler {
  private readonly log: Logger;

  constructor(
    readonly namespace: string,
    private readonly opts: BackupControllerOptions = {},
  ) {
    this.log = (opts.log ?? pino({ level: 'silent' })).child({ controller: BACKUP_CONTROLLER_NAME });
  }

  /** Registration for the Manager: Backups of this namespace, one worker. */
  controllerSpec(): ControllerSpec {
    return { name: BACKUP_CONTROLLER_NAME, for: BACKUPS, namespace: this.namespace, reconciler: this, concurrency: 1 };
  }

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    if (req.namespace !== this.namespace) return;
    let original: Backup;
    try {
      original = await ctx.client.get<Backup>(BACKUPS, req.name, { namespace: req.namespace, signal: ctx.signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const phase = original.status?.phase ?? '';
    if (phase !== '' && phase !== 'New') return;
    if (await locationAwaitingFirstValidation(ctx.client, original, ctx.clock.now(), ctx.signal)) {
      this.log.debug({ namespace: req.namespace, name: req.name }, 'waiting for the storage location’s first validation');
      return { requeueAfterMs: 1_000 };
    }

    const log = this.log.child({ namespace: req.namespace, name: req.name });
    const api = apiBackupReporter(ctx.client, original, log, ctx.signal);
    let started: Backup | undefined;
    const reporter: BackupReporter = {
      async started(backup) {
        await api.started(backup);
        started = backup;
        if (backup.status?.phase === 'InProgress') ctx.events.event(backup, 'Normal', 'BackupStarted', 'Backup started');
      },
      progress: (p) => api.progress(p),
    };

    const final = await runBackup({
      client: ctx.client,
      backup: original,
      store: this.opts.openStore,
      log,
      clock: ctx.clock,
      signal: ctx.signal,
      reporter,
      defaults: this.opts.defaults,
      progressIntervalMs: this.opts.progressIntervalMs,
    });

    // The started patch may not have happened (e.g. the Backup changed meanwhile): compare with
    // what the API holds now, so the terminal status lands either way.
    const base = started ? await this.current(ctx.client, original, ctx.signal) : original;
    if (!base) return;
    await patchBackupWithRetries(ctx.client, base, withTypeMeta(final), ctx.clock, log);
    this.recordOutcome(final, ctx);
  }

  private async current(client: KubeClient, original: Backup, signal: AbortSignal): Promise<Backup | undefined> {
    try {
      return await client.get<Backup>(BACKUPS, original.metadata.name ?? '', { namespace: original.metadata.namespace, signal });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private recordOutcome(backup: Backup, ctx: ReconcileContext): void {
    const status = backup.status ?? {};
    const items = status.progress?.itemsBackedUp ?? 0;
    switch (status.phase) {
      case 'Completed':
        ctx.events.event(backup, 'Normal', 'BackupCompleted', `Backup completed: ${items} items backed up`);
        break;
      case 'PartiallyFailed':
        ctx.events.event(
          backup,
          'Warning',
          'BackupPartiallyFailed',
          `Backup partially failed: ${items} items backed up, ${status.errors ?? 0} errors, ${status.warnings ?? 0} warnings`,
        );
        break;
      case 'Failed':
        ctx.events.event(backup, 'Warning', 'BackupFailed', `Backup failed: ${status.failureReason ?? 'unknown reason'}`);
        break;
      case 'FailedValidation':
        ctx.events.event(backup, 'Warning', 'BackupFailedValidation', `Backup failed validation: ${(status.validationErrors ?? []).join('; ')}`);
        break;
    }
  }
}

function withTypeMeta(b: Backup): Backup {
  return { ...b, apiVersion: 'velero.io/v1', kind: 'Backup' };
}

export const INTERRUPTED_BACKUP_REASON = 'found a backup with status "InProgress" during the server starting, mark it as "Failed"';

/**
 * Run before the controllers start: a Backup still InProgress was cut short by a crash or stop,
 * its tarball was never stored, and it can only be Failed (decision 12). Returns the names marked.
 */
export async function failInterruptedBackups(
  client: KubeClient,
  namespace: string,
  opts: { log?: Logger; now?: () => number; signal?: AbortSignal } = {},
): Promise<string[]> {
  const now = opts.now ?? Date.now;
  const marked: string[] = [];
  for await (const backup of client.listAll<Backup>(BACKUPS, { namespace, signal: opts.signal })) {
    if (backup.status?.phase !== 'InProgress') continue;
    const updated: Backup = cloneJson(backup);
    const status = (updated.status ??= {});
    status.phase = 'Failed';
    status.failureReason = INTERRUPTED_BACKUP_REASON;
    status.completionTimestamp = formatVeleroTime(now());
    try {
      await patchBackup(client, backup, updated, { optimistic: true, signal: opts.signal });
      marked.push(backup.metadata.name ?? '');
      opts.log?.warn({ namespace, name: backup.metadata.name }, INTERRUPTED_BACKUP_REASON);
    } catch (err) {
      if (isNotFound(err)) continue;
      throw err;
    }
  }
  return marked;
}
