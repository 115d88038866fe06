// Reading velero Backups the way the policy and the metrics judge them: by schedule and by age.

import { BACKUPS, LABEL_SCHEDULE_NAME, type Backup } from '../../api/velero/index.js';
import type { KubeClient } from '../../kube/index.js';
import { timeOf } from './describe.js';

export async function listBackups(client: KubeClient, namespace: string, labelSelector?: string): Promise<Backup[]> {
  const backups: Backup[] = [];
  for await (const backup of client.listAll<Backup>(BACKUPS, { namespace, labelSelector })) backups.push(backup);
  return backups;
}

export function backupsOfSchedule(client: KubeClient, namespace: string, schedule: string): Promise<Backup[]> {
  return listBackups(client, namespace, `${LABEL_SCHEDULE_NAME}=${schedule}`);
}

/** When the backup's data was taken: Velero's start time, else when the object was created. */
export function startedAt(backup: Backup): number | undefined {
  return timeOf(backup.status?.startTimestamp) ?? timeOf(backup.metadata.creationTimestamp);
}

export function completedAt(backup: Backup): number | undefined {
  return timeOf(backup.status?.completionTimestamp) ?? startedAt(backup);
}

export function isCompleted(backup: Backup): boolean {
  return backup.status?.phase === 'Completed';
}

/** The newest backup by `when`, ignoring those without a time. */
export function newest(backups: readonly Backup[], when: (b: Backup) => number | undefined = startedAt): Backup | undefined {
  let best: Backup | undefined;
  let bestTime = -Infinity;
  for (const b of backups) {
    const t = when(b);
    if (t !== undefined && t > bestTime) {
      best = b;
      bestTime = t;
    }
  }
  return best;
}
