// One active Restore at a time, and none while a BackupSchedule is active (hub-backup.md §4.11).
// The messages name the other resource; the Restore that finds one ends FinishedWithErrors.
import {
  ACM_RESTORES,
  BACKUP_SCHEDULES,
  BackupSchedulePhases,
  isRestoreFinished,
  msgBackupScheduleActive,
  msgOtherRestoreActive,
  type AcmRestore,
  type BackupSchedule,
} from '../../api/backup/index.js';
import type { KubeClient } from '../../kube/index.js';
import { isApiAbsent } from '../hub-identity.js';

/** The reason this Restore must not run, or undefined. */
export async function exclusivityProblem(client: KubeClient, restore: AcmRestore, signal?: AbortSignal): Promise<string | undefined> {
  const namespace = restore.metadata.namespace ?? '';
  const restores = await client.list<AcmRestore>(ACM_RESTORES, { namespace, signal });
  // `""`, Error and Enabled all count as active (§4.11).
  const other = restores.items.find((r) => r.metadata.name !== restore.metadata.name && !isRestoreFinished(r.status?.phase));
  if (other) return msgOtherRestoreActive(other.metadata.name ?? '');
  let schedules: BackupSchedule[];
  try {
    schedules = (await client.list<BackupSchedule>(BACKUP_SCHEDULES, { namespace, signal })).items;
  } catch (err) {
    if (isApiAbsent(err)) return undefined;
    throw err;
  }
  const active = schedules.find((s) => s.status?.phase !== BackupSchedulePhases.BackupCollision && s.status?.phase !== BackupSchedulePhases.Paused);
  return active ? msgBackupScheduleActive(active.metadata.name ?? '') : undefined;
}
