// When the collision check runs at all (hub-backup.md §2.2 steps 10–11): a paused schedule is not
// checked, and a brand-new one (phase "" or New, or schedules younger than 5 s) is not either, so
// that a re-created BackupSchedule gets to write its first backups before it is judged.
import { BackupSchedulePhases, type BackupSchedule } from '../../api/backup/index.js';
import type { Schedule } from '../../api/velero/index.js';
import { timeMs } from './backups.js';

export const MIN_SCHEDULE_AGE_MS = 5_000;

export function collisionCheckApplies(bsch: BackupSchedule, ownedSchedules: Schedule[], nowMs: number): boolean {
  if (bsch.spec.paused) return false;
  const phase = bsch.status?.phase ?? '';
  if (phase === '' || phase === BackupSchedulePhases.New) return false;
  const first = ownedSchedules[0];
  if (!first) return false;
  return nowMs - timeMs(first.metadata.creationTimestamp) > MIN_SCHEDULE_AGE_MS;
}
