// Decision 2's reaction to a collision: the phase becomes BackupCollision with the message, and the
// BackupSchedule's velero Schedules are deleted so this hub stops writing to the shared storage.
// The status is written first: once the phase is terminal no controller re-creates the schedules,
// and a deletion that failed is retried by the next check (see deleteOwnedSchedules' callers).
import { BACKUP_SCHEDULES, BackupSchedulePhases, type BackupSchedule } from '../../api/backup/index.js';
import { SCHEDULES, type Schedule } from '../../api/velero/index.js';
import { isNotFound, type ReconcileContext } from '../../kube/index.js';
import type { Logger } from 'pino';

export const EVENT_REASON_BACKUP_COLLISION = 'BackupCollision';

export async function markCollision(ctx: ReconcileContext, bsch: BackupSchedule, message: string, log: Logger): Promise<BackupSchedule> {
  const namespace = bsch.metadata.namespace ?? '';
  const name = bsch.metadata.name ?? '';
  const current = await ctx.client.get<BackupSchedule>(BACKUP_SCHEDULES, name, { namespace, signal: ctx.signal });
  const updated = await ctx.client.updateStatus<BackupSchedule>(
    BACKUP_SCHEDULES,
    {
      ...current,
      status: {
        ...current.status,
        phase: BackupSchedulePhases.BackupCollision,
        lastMessage: message,
        // The copies would describe schedules that no longer exist.
        veleroScheduleCredentials: undefined,
        veleroScheduleManagedClusters: undefined,
        veleroScheduleResources: undefined,
      },
    },
    { signal: ctx.signal },
  );
  log.warn({ namespace, name, message }, 'backup collision: BackupSchedule set to BackupCollision');
  ctx.events.event(updated, 'Warning', EVENT_REASON_BACKUP_COLLISION, message);
  return updated;
}

export async function deleteOwnedSchedules(ctx: ReconcileContext, schedules: Schedule[], log: Logger): Promise<void> {
  for (const schedule of schedules) {
    const namespace = schedule.metadata.namespace ?? '';
    const name = schedule.metadata.name ?? '';
    try {
      await ctx.client.delete(SCHEDULES, name, { namespace, signal: ctx.signal });
      log.info({ namespace, name }, 'backup collision: velero schedule deleted');
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
