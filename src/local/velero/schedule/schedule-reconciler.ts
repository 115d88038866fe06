import { pino, type Logger } from 'pino';
import { BACKUPS, LABEL_SCHEDULE_NAME, SCHEDULES, type Backup, type Schedule, type SchedulePhase } from '../../../api/velero/index.js';
import { isNotFound, type KubeClient } from '../../../kube/index.js';
import type { ReconcileContext, ReconcileRequest, ReconcileResult, Reconciler } from '../../../kube/runtime/contract.js';
import { formatVeleroTime } from '../backup/duration.js';
import { backupFromSchedule } from './backup-from-schedule.js';
import { nextRun } from './next-run.js';
import { validateSchedule } from './validate-schedule.js';

/** Velero re-examines every schedule once a minute; waits longer than this are cut short. */
export const SCHEDULE_RESYNC_MS = 60_000;

/** Phases of a scheduled Backup that has not finished yet: no second one is started meanwhile (§6.1). */
const UNFINISHED_PHASES = new Set<string>(['', 'New', 'InProgress']);

export interface ScheduleReconcilerOptions {
  log?: Logger;
  /** Velero's `--schedule-skip-immediately`: what an unset `spec.skipImmediately` becomes. Default false. */
  skipImmediatelyByDefault?: boolean;
  /** Zone for cron expressions without a `CRON_TZ=` prefix. Default UTC, as in Velero's image. */
  timeZone?: string;
  /**
   * Longest requeue. Node timers do not count time the machine sleeps, so a wait of hours is
   * re-checked this often against the clock. Default 60 s (Velero's own resync); Infinity waits
   * exactly until the next slot.
   */
  maxRequeueMs?: number;
}

/**
 * Velero's Schedule controller (spec/velero.md §6.1): validates the cron, keeps the phase, and
 * submits a Backup when the next slot after the last backup has passed.
 */
export class ScheduleReconciler implements Reconciler {
  private readonly log: Logger;
  private readonly skipImmediatelyByDefault: boolean;
  private readonly maxRequeueMs: number;

  constructor(private readonly opts: ScheduleReconcilerOptions = {}) {
    this.log = opts.log ?? pino({ level: 'silent' });
    this.skipImmediatelyByDefault = opts.skipImmediatelyByDefault ?? false;
    this.maxRequeueMs = opts.maxRequeueMs ?? SCHEDULE_RESYNC_MS;
  }

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const { client } = ctx;
    const log = this.log.child({ schedule: `${req.namespace}/${req.name}` });
    let schedule: Schedule;
    try {
      schedule = await client.get<Schedule>(SCHEDULES, req.name, { namespace: req.namespace, signal: ctx.signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    // Velero filters paused schedules out before they reach its reconciler: no backup, no status change.
    if (schedule.spec?.paused === true) {
      log.debug('schedule is paused');
      return;
    }

    const now = ctx.clock.now();
    const validation = validateSchedule(schedule, this.opts.timeZone);
    schedule = await this.updateSpecAndStatus(client, schedule, validation.errors, now, ctx.signal, log);
    if (!validation.cron) {
      log.info({ validationErrors: validation.errors }, 'schedule failed validation');
      return;
    }

    const run = nextRun(schedule, validation.cron, now);
    if (run.nextRunMs === undefined) {
      log.warn({ cron: schedule.spec?.schedule }, 'the cron expression never fires again');
      return;
    }
    if (!run.due) return { requeueAfterMs: this.waitUntil(run.nextRunMs, now) };

    if (await this.hasUnfinishedBackup(client, schedule, ctx.signal)) {
      log.info('a backup of this schedule is still new or in progress; not submitting another');
      return { requeueAfterMs: Math.min(SCHEDULE_RESYNC_MS, this.maxRequeueMs) };
    }

    const backup = backupFromSchedule(schedule, now);
    // A name collision (a second run within the same second) fails here and the key is retried.
    await client.create<Backup>(BACKUPS, backup, { signal: ctx.signal });
    const patched = await client.patch<Schedule>(
      SCHEDULES,
      req.name,
      { status: { lastBackup: formatVeleroTime(now) } },
      {
        type: 'merge',
        namespace: req.namespace,
        signal: ctx.signal,
      },
    );
    log.info({ backup: backup.metadata.name }, 'schedule is due: submitted backup');

    const following = nextRun(patched, validation.cron, now);
    return following.nextRunMs === undefined ? undefined : { requeueAfterMs: this.waitUntil(following.nextRunMs, now) };
  }

  /**
   * Defaults `spec.skipImmediately`, turns a pending skip into `status.lastSkipped` (one-shot), and
   * sets the phase, in one merge patch and only when something changes.
   */
  private async updateSpecAndStatus(
    client: KubeClient,
    schedule: Schedule,
    validationErrors: string[],
    now: number,
    signal: AbortSignal,
    log: Logger,
  ): Promise<Schedule> {
    const spec: Record<string, unknown> = {};
    const status: Record<string, unknown> = {};
    let skipImmediately = schedule.spec?.skipImmediately;
    if (skipImmediately === undefined || skipImmediately === null) {
      skipImmediately = this.skipImmediatelyByDefault;
      spec.skipImmediately = skipImmediately;
    }
    if (skipImmediately) {
      spec.skipImmediately = false;
      status.lastSkipped = formatVeleroTime(now);
      log.info('skipping the backup that would run now (skipImmediately)');
    }

    const phase: SchedulePhase = validationErrors.length > 0 ? 'FailedValidation' : 'Enabled';
    if (schedule.status?.phase !== phase) status.phase = phase;
    const current = schedule.status?.validationErrors ?? [];
    if (phase === 'FailedValidation' && JSON.stringify(current) !== JSON.stringify(validationErrors)) status.validationErrors = validationErrors;
    // Velero leaves old messages behind on an Enabled schedule; clearing them is less confusing.
    if (phase === 'Enabled' && current.length > 0) status.validationErrors = null;

    const patch: Record<string, unknown> = {};
    if (Object.keys(spec).length > 0) patch.spec = spec;
    if (Object.keys(status).length > 0) patch.status = status;
    if (Object.keys(patch).length === 0) return schedule;
    return client.patch<Schedule>(SCHEDULES, schedule.metadata.name ?? '', patch, { type: 'merge', namespace: schedule.metadata.namespace, signal });
  }

  private async hasUnfinishedBackup(client: KubeClient, schedule: Schedule, signal: AbortSignal): Promise<boolean> {
    const selector = `${LABEL_SCHEDULE_NAME}=${schedule.metadata.name ?? ''}`;
    for await (const backup of client.listAll<Backup>(BACKUPS, { namespace: schedule.metadata.namespace, labelSelector: selector, signal })) {
      if (UNFINISHED_PHASES.has(backup.status?.phase ?? '')) return true;
    }
    return false;
  }

  /** Just past the slot: Velero runs only once the clock is strictly later than it. */
  private waitUntil(slotMs: number, now: number): number {
    return Math.min(Math.max(slotMs - now + 1, 1), this.maxRequeueMs);
  }
}
