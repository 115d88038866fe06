// A periodic collision re-check on every BackupSchedule, independent of the BackupSchedule
// controller's 5-minute pass, so a hub that lost ownership of the shared storage stops writing to
// it within one interval (`lifeboat up --collision-check-interval`).
import { pino, type Logger } from 'pino';
import { BACKUP_SCHEDULES, BackupSchedulePhases, type BackupSchedule } from '../../api/backup/index.js';
import { SCHEDULES } from '../../api/velero/index.js';
import { isNotFound, type ControllerSpec, type ReconcileContext, type ReconcileRequest, type ReconcileResult, type Reconciler } from '../../kube/index.js';
import { checkBackupCollision } from './check.js';

export const COLLISION_CHECK_CONTROLLER = 'backup-collision-check';
export const DEFAULT_COLLISION_CHECK_INTERVAL_MS = 5 * 60_000;

export interface CollisionCheckControllerOptions {
  /** How often each BackupSchedule is re-checked. Default 5 minutes. */
  intervalMs?: number;
  /** Limit to the BackupSchedules of one namespace. */
  namespace?: string;
  log?: Logger;
}

export class CollisionCheckReconciler implements Reconciler {
  private readonly intervalMs: number;
  private readonly log: Logger;

  constructor(opts: CollisionCheckControllerOptions = {}) {
    this.intervalMs = opts.intervalMs ?? DEFAULT_COLLISION_CHECK_INTERVAL_MS;
    if (!(this.intervalMs > 0)) throw new Error(`collision check interval must be positive, got ${this.intervalMs} ms`);
    this.log = (opts.log ?? pino({ level: 'silent' })).child({ controller: COLLISION_CHECK_CONTROLLER });
  }

  async reconcile(req: ReconcileRequest, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    let bsch: BackupSchedule;
    try {
      bsch = await ctx.client.get<BackupSchedule>(BACKUP_SCHEDULES, req.name, { namespace: req.namespace, signal: ctx.signal });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const result = await checkBackupCollision(ctx, bsch, { log: this.log });
    // Terminal: only deleting and re-creating the BackupSchedule leaves BackupCollision (decision 2).
    if (result.collided || bsch.status?.phase === BackupSchedulePhases.BackupCollision) return;
    // Paused schedules are not checked; un-pausing changes the spec, which enqueues them again.
    if (bsch.spec.paused) return;
    return { requeueAfterMs: this.intervalMs };
  }
}

export function collisionCheckController(opts: CollisionCheckControllerOptions = {}): ControllerSpec {
  return {
    name: COLLISION_CHECK_CONTROLLER,
    for: BACKUP_SCHEDULES,
    namespace: opts.namespace,
    // A schedule re-created by a racing BackupSchedule pass wakes this controller, which deletes it
    // again while the phase is BackupCollision.
    owns: [SCHEDULES],
    reconciler: new CollisionCheckReconciler(opts),
  };
}
