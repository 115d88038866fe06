// The velero Schedules a BackupSchedule owns: those whose controller ownerReference names it
// (hub-backup.md §2.1). The list keeps the API's order, because "the first owned schedule" carries
// the hub identity the collision check compares against (§3.1).
import { BACKUP_GROUP, type BackupSchedule } from '../../api/backup/index.js';
import { SCHEDULES, type Schedule } from '../../api/velero/index.js';
import type { KubeClient } from '../../kube/index.js';

export function isOwnedBy(schedule: Schedule, bsch: BackupSchedule): boolean {
  return (schedule.metadata.ownerReferences ?? []).some(
    (ref) => ref.controller === true && ref.kind === 'BackupSchedule' && ref.name === bsch.metadata.name && ref.apiVersion.startsWith(`${BACKUP_GROUP}/`),
  );
}

export async function listOwnedSchedules(client: KubeClient, bsch: BackupSchedule, signal?: AbortSignal): Promise<Schedule[]> {
  const namespace = bsch.metadata.namespace ?? '';
  const list = await client.list<Schedule>(SCHEDULES, { namespace, signal });
  return list.items.filter((s) => isOwnedBy(s, bsch));
}
