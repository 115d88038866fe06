// The velero Schedules a BackupSchedule owns (hub-backup.md §2.1): those in its namespace whose
// controller ownerReference is `cluster.open-cluster-management.io/v1beta1` BackupSchedule with its
// name — upstream's field index, so a re-created BackupSchedule of the same name finds them too.
//
// Schedules being deleted (a deletionTimestamp, held by a finalizer or a foreground deletion) are
// kept, as upstream's cached list keeps them: such a schedule still holds its name, so counting it
// means the controller waits for it to go instead of re-creating its name (AlreadyExists → Failed),
// and the five are then re-created together (§2.2 steps 13–14). The list keeps the API's order,
// because "the first owned schedule" carries the hub identity the collision check compares (§3.1).
import { BACKUP_API_VERSION, type BackupSchedule } from '../api/backup/index.js';
import { SCHEDULES, type Schedule } from '../api/velero/index.js';
import type { KubeClient } from '../kube/index.js';

export function isOwnedBy(schedule: Schedule, backupSchedule: BackupSchedule): boolean {
  // metav1.GetControllerOf: the first reference marked controller (the API allows only one).
  const controller = schedule.metadata.ownerReferences?.find((ref) => ref.controller === true);
  return controller?.apiVersion === BACKUP_API_VERSION && controller.kind === 'BackupSchedule' && controller.name === backupSchedule.metadata.name;
}

export async function listOwnedSchedules(client: KubeClient, backupSchedule: BackupSchedule, signal?: AbortSignal): Promise<Schedule[]> {
  const list = await client.list<Schedule>(SCHEDULES, { namespace: backupSchedule.metadata.namespace ?? '', signal });
  return list.items.filter((s) => isOwnedBy(s, backupSchedule));
}
