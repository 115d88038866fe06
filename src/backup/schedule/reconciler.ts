// The BackupSchedule reconciler (hub-backup.md §2.2): validation, pause, collision and
// preparation, creation of the five velero Schedules, their repair and spec propagation, and the
// phase the user sees.
import { pino, type Logger } from 'pino';
import {
  BACKUP_SCHEDULES,
  BackupSchedulePhases,
  MSG_PAUSED,
  MSG_SCHEDULES_INITIALIZED,
  msgPausedWithErrors,
  msgSchedulesInitFailed,
  type BackupSchedule,
} from '../../api/backup/index.js';
import { SCHEDULES, type Schedule } from '../../api/velero/index.js';
import { isNotFound, type KubeClient, type ReconcileContext, type ReconcileRequest, type ReconcileResult, type Reconciler } from '../../kube/index.js';
import { hubIdentity } from '../hub-identity.js';
import { SCHEDULE_TYPES, gatherSelectionInputs, discoverBackupResources } from '../selection/index.js';
import { buildSchedules } from './build-schedules.js';
import { applyPatches, resourceDriftPatches, specDriftPatches } from './drift.js';
import { GenerationGate, TIMER_SLACK_MS } from './generation-gate.js';
import { defaultHooks, type BackupScheduleHooks } from './hooks.js';
import { createInitialBackups, wantsInitialBackups } from './initial-backups.js';
import { listOwnedSchedules } from '../owned-schedules.js';
import { pauseSchedules } from './pause.js';
import { phaseFromSchedules } from './phase.js';
import { writeStatus } from './status.js';
import { validateBackupSchedule } from './validate.js';
import { collectExpiredValidationBackups } from './validation-backup-gc.js';

/** `failureInterval` upstream. */
export const FAILURE_INTERVAL_MS = 60_000;
/** `collisionControlInterval` upstream. */
export const COLLISION_CONTROL_INTERVAL_MS = 5 * 60_000;
/** A new schedule set is left alone by the collision check for this long (§3.5). */
export const COLLISION_GRACE_MS = 5_000;

export interface BackupScheduleReconcilerOptions {
  log?: Logger;
  hooks?: Partial<BackupScheduleHooks>;
  /** Requeue after a validation failure; default 60 s. */
  failureIntervalMs?: number;
  /** Requeue of a healthy schedule (and the collision-check period); default 5 min. */
  requeueIntervalMs?: number;
}

type Outcome = ReconcileResult;

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class BackupScheduleReconciler implements Reconciler {
  private readonly log: Logger;
  private readonly hooks: BackupScheduleHooks;
  private readonly failureMs: number;
  private readonly requeueMs: number;
  private readonly gate = new GenerationGate();

  constructor(opts: BackupScheduleReconcilerOptions = {}) {
    this.log = opts.log ?? pino({ level: 'silent' });
    this.hooks = { ...defaultHooks(this.log), ...opts.hooks };
    this.failureMs = opts.failureIntervalMs ?? FAILURE_INTERVAL_MS;
    this.requeueMs = opts.requeueIntervalMs ?? COLLISION_CONTROL_INTERVAL_MS;
  }

  /** The next pass runs even if the generation gate would skip it: something outside the CR changed. */
  wake(req: ReconcileRequest): void {
    this.gate.forget(`${req.namespace}/${req.name}`);
  }

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const { client, signal } = ctx;
    const key = `${req.namespace}/${req.name}`;
    const log = this.log.child({ namespace: req.namespace, name: req.name });
    let backupSchedule: BackupSchedule;
    try {
      backupSchedule = await client.get<BackupSchedule>(BACKUP_SCHEDULES, req.name, { namespace: req.namespace, signal });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.gate.forget(key);
      await collectExpiredValidationBackups(client, req.namespace, ctx.clock.now(), log, signal);
      return;
    }
    const owned = await listOwnedSchedules(client, backupSchedule, signal);
    const signature = JSON.stringify([
      backupSchedule.metadata.uid,
      backupSchedule.metadata.generation,
      // Unlike upstream's generation-only predicate, a velero Schedule's phase change counts, so the
      // BackupSchedule shows Enabled as soon as its schedules are validated rather than 5 minutes later.
      owned.map((s) => [s.metadata.uid, s.metadata.generation, s.status?.phase ?? '']).sort(),
    ]);
    const untilDueMs = this.gate.skip(key, signature, ctx.clock.now());
    if (untilDueMs !== undefined) return Number.isFinite(untilDueMs) ? { requeueAfterMs: Math.ceil(untilDueMs) + TIMER_SLACK_MS } : undefined;

    await collectExpiredValidationBackups(client, req.namespace, ctx.clock.now(), log, signal);
    const outcome = await this.pass(backupSchedule, owned, ctx, log);
    this.gate.record(key, signature, ctx.clock.now(), outcome.requeueAfterMs);
    return outcome;
  }

  private async pass(backupSchedule: BackupSchedule, owned: Schedule[], ctx: ReconcileContext, log: Logger): Promise<Outcome> {
    const { client, signal } = ctx;
    const phase = backupSchedule.status?.phase ?? '';
    // Collision is terminal: the user deletes this BackupSchedule and creates a new one (§3.5).
    if (phase === BackupSchedulePhases.BackupCollision) return {};

    const failure = await validateBackupSchedule(client, backupSchedule, signal);
    if (failure) {
      if (failure.msaDisabled) await this.hooks.cleanupDisabledManagedServiceAccount(ctx, backupSchedule);
      if (phase !== BackupSchedulePhases.FailedValidation || backupSchedule.status?.lastMessage !== failure.message) {
        log.info({ phase: BackupSchedulePhases.FailedValidation, message: failure.message }, 'backup schedule failed validation');
      }
      await writeStatus(client, backupSchedule, { phase: BackupSchedulePhases.FailedValidation, message: failure.message }, signal);
      return failure.requeue ? { requeueAfterMs: this.failureMs } : {};
    }

    if (backupSchedule.spec.paused === true) {
      const pauseErrors = await pauseSchedules(client, owned, log, signal);
      const fresh = await listOwnedSchedules(client, backupSchedule, signal);
      await writeStatus(
        client,
        backupSchedule,
        { phase: BackupSchedulePhases.Paused, message: pauseErrors > 0 ? msgPausedWithErrors(pauseErrors) : MSG_PAUSED, schedules: fresh },
        signal,
      );
      return {};
    }

    const oldestAgeMs = owned.length > 0 ? ctx.clock.now() - Date.parse(owned[0].metadata.creationTimestamp ?? '') : 0;
    if (owned.length > 0 && oldestAgeMs > COLLISION_GRACE_MS && phase !== '' && phase !== BackupSchedulePhases.New) {
      const collision = await this.hooks.checkCollision(ctx, backupSchedule);
      await this.hooks.prepareForBackup(ctx, backupSchedule);
      // The collision module has set the phase and deleted the schedules (decision 2); no requeue.
      if (collision !== undefined) return {};
    }

    if (owned.length === 0) return this.createSchedules(backupSchedule, ctx, log);

    if (owned.length < SCHEDULE_TYPES.length) {
      // Re-creating all five keeps them on the same due time (§2.2 step 14).
      for (const schedule of owned) await deleteSchedule(client, schedule, signal);
      log.info({ remaining: owned.map((s) => s.metadata.name) }, 'a velero schedule is missing; deleting the others to re-create all of them');
      await writeStatus(client, backupSchedule, { phase: BackupSchedulePhases.New, message: MSG_SCHEDULES_INITIALIZED, schedules: [] }, signal);
      return { requeueAfterMs: this.requeueMs };
    }

    const namespace = backupSchedule.metadata.namespace ?? '';
    const specPatches = specDriftPatches(backupSchedule, owned, ctx.clock.now());
    if (specPatches.size > 0) {
      await applyPatches(client, namespace, specPatches, log, signal);
      return { requeueAfterMs: this.requeueMs };
    }
    const resourcePatches = resourceDriftPatches(owned, await discoverBackupResources(client, { signal, log }));
    if (resourcePatches.size > 0) {
      await applyPatches(client, namespace, resourcePatches, log, signal);
      return { requeueAfterMs: this.requeueMs };
    }

    const { phase: next, message } = phaseFromSchedules(owned);
    if (next !== phase) log.info({ phase: next, message }, 'backup schedule phase');
    await writeStatus(client, backupSchedule, { phase: next, message, schedules: owned }, signal);
    return { requeueAfterMs: this.requeueMs };
  }

  private async createSchedules(backupSchedule: BackupSchedule, ctx: ReconcileContext, log: Logger): Promise<Outcome> {
    const { client, signal } = ctx;
    // Claim the transition with the resourceVersion this pass read: if the collision check marked
    // the schedule meanwhile (and deleted its schedules, which is why none are listed), the write
    // fails with a conflict and nothing is created — above all no initial backups, which would
    // make this hub's backup the newest again and turn the collision on the other hub.
    backupSchedule = await client.updateStatus<BackupSchedule>(
      BACKUP_SCHEDULES,
      { ...backupSchedule, status: { ...backupSchedule.status, phase: BackupSchedulePhases.New, lastMessage: MSG_SCHEDULES_INITIALIZED } },
      { signal },
    );
    await this.hooks.prepareForBackup(ctx, backupSchedule);
    const created: Schedule[] = [];
    try {
      const namespace = backupSchedule.metadata.namespace ?? '';
      const [inputs, hubId] = await Promise.all([gatherSelectionInputs(client, namespace, { signal, log }), hubIdentity(client, signal)]);
      for (const schedule of buildSchedules(backupSchedule, inputs, hubId, ctx.clock.now())) {
        created.push(await client.create<Schedule>(SCHEDULES, schedule, { namespace, signal }));
        log.info({ schedule: schedule.metadata.name, hubId }, 'velero schedule created');
      }
    } catch (err) {
      if (signal.aborted) throw err;
      const message = msgSchedulesInitFailed(errorText(err));
      log.error({ message }, 'velero schedules could not be created');
      await writeStatus(client, backupSchedule, { phase: BackupSchedulePhases.Failed, message }, signal);
      return { requeueAfterMs: this.requeueMs };
    }
    if (wantsInitialBackups(backupSchedule)) await createInitialBackups(client, created, ctx.clock.now(), log, signal);
    await writeStatus(client, backupSchedule, { phase: BackupSchedulePhases.New, message: MSG_SCHEDULES_INITIALIZED, schedules: created }, signal);
    return { requeueAfterMs: this.requeueMs };
  }
}

async function deleteSchedule(client: KubeClient, schedule: Schedule, signal: AbortSignal): Promise<void> {
  try {
    await client.delete(SCHEDULES, schedule.metadata.name ?? '', { namespace: schedule.metadata.namespace, signal });
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
}
