// checkBackupCollision: hub-backup.md §3 with decisions 1 and 2. The BackupSchedule controller
// calls it on its collision pass; collisionCheckController calls it on a shorter period.
import { pino, type Logger } from 'pino';
import { BackupSchedulePhases, type BackupSchedule } from '../../api/backup/index.js';
import type { ReconcileContext } from '../../kube/index.js';
import { hubIdentity } from '../hub-identity.js';
import { latestResourcesBackup, latestRestoreClustersBackup } from './backups.js';
import { detectCollision } from './detect.js';
import { collisionCheckApplies } from './gate.js';
import { listOwnedSchedules } from '../owned-schedules.js';
import { deleteOwnedSchedules, markCollision } from './react.js';

export interface CollisionResult {
  collided: boolean;
  message?: string;
}

export interface CollisionCheckOptions {
  log?: Logger;
}

/**
 * Whether this BackupSchedule collides with another hub on the shared storage. On a collision the
 * phase is already `BackupCollision` (with the exact message) and the velero Schedules are deleted
 * when this returns. A BackupSchedule already in `BackupCollision` stays there: its leftover
 * schedules are deleted again and its message is returned.
 */
export async function checkBackupCollision(ctx: ReconcileContext, bsch: BackupSchedule, opts: CollisionCheckOptions = {}): Promise<CollisionResult> {
  const log = (opts.log ?? pino({ level: 'silent' })).child({ namespace: bsch.metadata.namespace, backupSchedule: bsch.metadata.name });
  const owned = await listOwnedSchedules(ctx.client, bsch, ctx.signal);

  if (bsch.status?.phase === BackupSchedulePhases.BackupCollision) {
    await deleteOwnedSchedules(ctx, owned, log);
    return { collided: true, message: bsch.status.lastMessage };
  }
  if (!collisionCheckApplies(bsch, owned, ctx.clock.now())) return { collided: false };

  const [hubId, latest, restoreBackup] = await Promise.all([
    hubIdentity(ctx.client, ctx.signal),
    latestResourcesBackup(ctx.client, ctx.signal),
    latestRestoreClustersBackup(ctx.client, bsch.metadata.namespace ?? '', ctx.signal),
  ]);
  const decision = detectCollision({ ownedSchedules: owned, latestResourcesBackup: latest, latestRestoreClustersBackup: restoreBackup, hubId });
  if (!decision.collided) {
    if (decision.reason === 'failback') {
      log.info(
        { latestBackup: latest?.metadata.name, restoreBackup: restoreBackup?.metadata.name },
        'newer backup from another hub predates this hub’s managed-clusters restore: no collision (DR failback)',
      );
    }
    return { collided: false };
  }
  await markCollision(ctx, bsch, decision.message, log);
  await deleteOwnedSchedules(ctx, owned, log);
  return { collided: true, message: decision.message };
}
