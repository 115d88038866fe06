// The velero Schedules a BackupSchedule controls: those in its namespace whose controller owner
// reference names it (upstream indexes them by owner name, so a re-created BackupSchedule of the
// same name finds them too).
import { BACKUP_GROUP, type BackupSchedule } from '../../api/backup/index.js';
import { SCHEDULES, type Schedule } from '../../api/velero/index.js';
import { splitApiVersion, type KubeClient } from '../../kube/index.js';

export function isOwnedBy(schedule: Schedule, backupSchedule: BackupSchedule): boolean {
  const owner = schedule.metadata.ownerReferences?.find((ref) => ref.controller === true);
  return (
    owner !== undefined &&
    owner.kind === 'BackupSchedule' &&
    splitApiVersion(owner.apiVersion).group === BACKUP_GROUP &&
    owner.name === backupSchedule.metadata.name
  );
}

export async function listOwnedSchedules(client: KubeClient, backupSchedule: BackupSchedule, signal?: AbortSignal): Promise<Schedule[]> {
  const list = await client.list<Schedule>(SCHEDULES, { namespace: backupSchedule.metadata.namespace, signal });
  return list.items.filter((s) => isOwnedBy(s, backupSchedule) && !s.metadata.deletionTimestamp);
}
