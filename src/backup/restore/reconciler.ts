// The Restore reconciler (hub-backup.md §4.2, decisions 3–9): finalizers, the webhook's rules,
// exclusivity, the cleanup value and storage checks, creation of the velero restores (one-shot,
// passive sync, activation), the phase, delta cleanup, post-restore tasks and orphan cleanup.
import { pino, type Logger } from 'pino';
import {
  ACM_RESTORES,
  AcmRestorePhases,
  CLEANUP_TYPES,
  EVENT_MESSAGE_HOOKS_NOT_SUPPORTED,
  EVENT_REASON_HOOKS_NOT_SUPPORTED,
  MANAGED_CLUSTERS_SCHEDULE,
  MSG_BSL_NOT_FOUND,
  MSG_PREPARE_CLEANUP,
  isRestoreEnabled,
  isRestoreFinished,
  msgInvalidCleanupValue,
  msgRestoreBslNotAvailable,
  syncIgnoredSuffix,
  type AcmRestore,
  type AcmRestoreStatus,
} from '../../api/backup/index.js';
import { BACKUPS, type Backup, type Restore } from '../../api/velero/index.js';
import { isNotFound, type ReconcileContext, type ReconcileRequest, type ReconcileResult, type Reconciler } from '../../kube/index.js';
import { nsToMs } from '../../util/duration.js';
import { parseSpecDuration } from '../spec-durations.js';
import { checkStorageLocation } from '../schedule/storage-location.js';
import { collectExpiredValidationBackups } from '../schedule/validation-backup-gc.js';
import { isAcceptedSpec, markSpecAccepted } from './accepted-spec.js';
import { runDeltaCleanup, trackedCleanupBackups, type CleanupMode } from './cleanup/index.js';
import { createVeleroRestores } from './create-restores.js';
import { exclusivityProblem } from './exclusivity.js';
import { findClusterBackupComponent, handleFinalizers } from './finalizers.js';
import { deleteOrphanedRestores } from './orphans.js';
import { listOwnedRestores } from './owned.js';
import { computePhase } from './phase.js';
import { runPostRestoreTasks } from './post-restore/index.js';
import type { RestoreMode } from './restore-keys.js';
import { isSkip } from './spec-values.js';
import { syncMode } from './sync-decision.js';
import { hasValidSyncOptions, syncOptionsProblem } from './sync-options.js';
import { saveStatus } from './status.js';
import { webhookRejection } from './webhook-rules.js';
import { errorText } from '../../util/errors.js';

/** `failureInterval` upstream: storage and backup errors are retried this often. */
export const RESTORE_FAILURE_INTERVAL_MS = 60_000;
/** A closed credentials / PVC gate is looked at again this often (§4.5). */
export const RESTORE_WAIT_INTERVAL_MS = 10_000;
/** restoreSyncInterval when unset or zero (§1.2). */
export const DEFAULT_RESTORE_SYNC_INTERVAL_MS = 30 * 60_000;

export interface RestoreReconcilerOptions {
  log?: Logger;
  failureIntervalMs?: number;
  waitIntervalMs?: number;
}

/**
 * The sync requeue period: a metav1.Duration read as the BackupSchedule's durations are (absent or
 * any zero means the default); no minimum (§1.2). A value that is not a Go duration, or a negative
 * one, also means the default rather than a requeue loop.
 */
export function syncIntervalMs(restore: AcmRestore): number {
  try {
    const interval = parseSpecDuration(restore.spec.restoreSyncInterval);
    return interval.kind === 'set' && interval.ns > 0n ? nsToMs(interval.ns) : DEFAULT_RESTORE_SYNC_INTERVAL_MS;
  } catch {
    return DEFAULT_RESTORE_SYNC_INTERVAL_MS;
  }
}

interface Pass {
  ctx: ReconcileContext;
  log: Logger;
  restore: AcmRestore;
  status: AcmRestoreStatus;
}

export class RestoreReconciler implements Reconciler {
  private readonly log: Logger;
  private readonly failureMs: number;
  private readonly waitMs: number;

  constructor(opts: RestoreReconcilerOptions = {}) {
    this.log = opts.log ?? pino({ level: 'silent' });
    this.failureMs = opts.failureIntervalMs ?? RESTORE_FAILURE_INTERVAL_MS;
    this.waitMs = opts.waitIntervalMs ?? RESTORE_WAIT_INTERVAL_MS;
  }

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const { client, signal } = ctx;
    const log = this.log.child({ namespace: req.namespace, restore: req.name });
    await collectExpiredValidationBackups(client, req.namespace, ctx.clock.now(), log, signal);
    let restore: AcmRestore;
    try {
      restore = await client.get<AcmRestore>(ACM_RESTORES, req.name, { namespace: req.namespace, signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const owned = await listOwnedRestores(client, restore, signal);
    const component = await findClusterBackupComponent(client, signal);
    const finalizers = await handleFinalizers(client, restore, owned, component, log, signal);
    if (finalizers.stop) return finalizers.requeueAfterMs !== undefined ? { requeueAfterMs: finalizers.requeueAfterMs } : undefined;
    // Finished and FinishedWithErrors are terminal (§4.2 step 3).
    if (isRestoreFinished(restore.status?.phase)) return;

    const pass: Pass = {
      ctx,
      log,
      restore,
      status: { ...(restore.status ?? {}), phase: restore.status?.phase ?? '', lastMessage: restore.status?.lastMessage ?? '' },
    };
    // Decision 9: the webhook's rules, for a new Restore and for each change of its spec.
    if (!isAcceptedSpec(restore)) {
      const rejection = webhookRejection(restore);
      if (rejection) return this.reject(pass, rejection);
      pass.restore = restore = { ...(await markSpecAccepted(client, restore, signal)), status: restore.status };
    }
    if ((restore.spec.hooks?.resources ?? []).length > 0) {
      ctx.events.event(restore, 'Warning', EVENT_REASON_HOOKS_NOT_SUPPORTED, EVENT_MESSAGE_HOOKS_NOT_SUPPORTED, EVENT_REASON_HOOKS_NOT_SUPPORTED);
    }
    const conflict = await exclusivityProblem(client, restore, signal);
    if (conflict) return this.reject(pass, conflict);
    const cleanup = restore.spec.cleanupBeforeRestore;
    if (!(CLEANUP_TYPES as readonly string[]).includes(cleanup)) return this.reject(pass, msgInvalidCleanupValue(cleanup));

    const validSync = hasValidSyncOptions(restore.spec);
    const storage = await checkStorageLocation(client, restore.metadata.namespace ?? '', signal);
    if (storage !== 'ok') {
      pass.status.phase = validSync ? AcmRestorePhases.EnabledWithErrors : AcmRestorePhases.Error;
      pass.status.lastMessage = storage === 'none' ? MSG_BSL_NOT_FOUND : msgRestoreBslNotAvailable(restore.metadata.namespace ?? '');
      await this.save(pass);
      return { requeueAfterMs: this.failureMs };
    }
    const phase = pass.status.phase;
    if ((phase === AcmRestorePhases.Error || phase === AcmRestorePhases.EnabledWithErrors) && pass.status.lastMessage.includes('BackupStorageLocation')) {
      // The storage is back: the phase is what the velero restores say (§4.2 step 7).
      const decision = computePhase(restore, owned);
      const changed = decision.phase !== phase || decision.message !== pass.status.lastMessage;
      pass.status.phase = decision.phase;
      pass.status.lastMessage = decision.message;
      await this.save(pass);
      return changed ? undefined : { requeueAfterMs: this.failureMs };
    }
    if (cleanup !== 'None' && phase === '') {
      pass.status.phase = AcmRestorePhases.Started;
      pass.status.lastMessage = MSG_PREPARE_CLEANUP;
      await this.save(pass);
    }
    return this.restorePass(pass, owned, validSync);
  }

  /** §4.2 steps 9–15. */
  private async restorePass(pass: Pass, owned: Restore[], validSync: boolean): Promise<ReconcileResult | void> {
    const { ctx, log, restore, status } = pass;
    const { client, signal } = ctx;
    const sync = validSync && isRestoreEnabled(status.phase);
    const pvcStep = !isSkip(restore.spec.veleroManagedClustersBackupName) && !owned.some((r) => r.spec?.scheduleName === MANAGED_CLUSTERS_SCHEDULE);
    const init = owned.length === 0 || sync;
    let eligible = !(init || pvcStep);
    if (!eligible) {
      const backups = await listBackups(ctx, restore);
      const mode: RestoreMode | undefined = owned.length === 0 || !sync ? 'full' : syncMode({ ...restore, status }, owned, backups);
      if (mode === undefined) {
        eligible = true;
      } else {
        if (sync) log.info({ mode }, 'passive sync: restoring');
        const outcome = await createVeleroRestores({ client, events: ctx.events, log, signal }, { ...restore, status }, status, mode, backups);
        if (outcome.error) {
          status.phase = validSync ? AcmRestorePhases.EnabledWithErrors : AcmRestorePhases.Error;
          status.lastMessage = outcome.error;
          log.warn({ message: outcome.error }, 'restore cannot proceed');
          await this.save(pass);
          return { requeueAfterMs: this.failureMs };
        }
        if (outcome.wait) {
          status.phase = AcmRestorePhases.Started;
          status.lastMessage = outcome.wait;
          await this.save(pass);
          return { requeueAfterMs: this.waitMs };
        }
        eligible = outcome.created === 0 && !outcome.createFailed;
      }
    }
    if (eligible) await this.completeCycle(pass, owned);
    await deleteOrphanedRestores(client, status, owned, log, signal);

    const problem = restore.spec.syncRestoreWithNewBackups === true ? syncOptionsProblem(restore.spec) : undefined;
    if (problem !== undefined && !status.lastMessage.endsWith(syncIgnoredSuffix(problem))) status.lastMessage += syncIgnoredSuffix(problem);
    if (isRestoreFinished(status.phase) && !status.completionTimestamp) status.completionTimestamp = now(ctx);
    await this.save(pass);
    if (restore.spec.syncRestoreWithNewBackups === true && isRestoreEnabled(status.phase)) return { requeueAfterMs: syncIntervalMs(restore) };
    return undefined;
  }

  /** §4.2 step 11 (`cleanupOnRestore`): the phase, then cleanup and activation tasks when a cycle ended. */
  private async completeCycle(pass: Pass, owned: Restore[]): Promise<void> {
    const { ctx, log, restore, status } = pass;
    const decision = computePhase({ ...restore, status }, owned);
    if (decision.phase !== status.phase) log.info({ phase: decision.phase, message: decision.message }, 'restore phase');
    status.phase = decision.phase;
    status.lastMessage = decision.message;
    const finished = isRestoreFinished(decision.phase);
    const mode = restore.spec.cleanupBeforeRestore;
    const passive = isSkip(restore.spec.veleroManagedClustersBackupName);
    if (mode !== 'None' && (decision.cleanupOnEnabled || finished)) {
      const backups = await trackedCleanupBackups(ctx.client, { ...restore, status }, owned, ctx.signal);
      await runDeltaCleanup({ client: ctx.client, events: ctx.events, log, signal: ctx.signal }, restore, backups, mode as CleanupMode, passive);
    }
    if (finished && !passive) {
      const managedClusters = owned.find((r) => r.metadata.name === status.veleroManagedClustersRestoreName);
      try {
        status.messages = await runPostRestoreTasks(ctx.client, restore, managedClusters, ctx.clock.now(), log, ctx.signal);
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        log.error({ err: errorText(err) }, 'post-restore tasks failed');
      }
    }
    if (decision.cleanupOnEnabled || finished) status.completionTimestamp = now(ctx);
  }

  /** FinishedWithErrors with the message: terminal, the user deletes the Restore (§4.11, decision 9). */
  private async reject(pass: Pass, message: string): Promise<void> {
    pass.log.warn({ message }, 'restore rejected');
    pass.status.phase = AcmRestorePhases.FinishedWithErrors;
    pass.status.lastMessage = message;
    pass.status.completionTimestamp = now(pass.ctx);
    await this.save(pass);
  }

  private async save(pass: Pass): Promise<void> {
    pass.restore = await saveStatus(pass.ctx.client, pass.restore, pass.status, pass.ctx.signal);
  }
}

function now(ctx: ReconcileContext): string {
  return new Date(ctx.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z');
}

async function listBackups(ctx: ReconcileContext, restore: AcmRestore): Promise<Backup[]> {
  const backups: Backup[] = [];
  for await (const b of ctx.client.listAll<Backup>(BACKUPS, { namespace: restore.metadata.namespace, signal: ctx.signal })) backups.push(b);
  return backups;
}
