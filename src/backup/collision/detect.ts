// The collision decision of hub-backup.md §3.1–3.4 over already-read state: a pure function, so
// every rule can be checked without a hub.
import { LABEL_BACKUP_CLUSTER, LABEL_RESTORE_CLUSTER, msgCollisionForeignBackup, msgCollisionRestoredElsewhere } from '../../api/backup/index.js';
import type { Backup, Schedule } from '../../api/velero/index.js';
import { startMs, timeMs } from './backups.js';

export interface CollisionInputs {
  /** This BackupSchedule's velero Schedules, in list order; the first carries the hub id it was created with. */
  ownedSchedules: Schedule[];
  /** The newest `acm-resources-schedule` backup in storage, if any. */
  latestResourcesBackup: Backup | undefined;
  /** The newest backup in the schedule's namespace with the `restore-cluster` label, if any. */
  latestRestoreClustersBackup: Backup | undefined;
  /** This hub's identity now (decision 1). */
  hubId: string;
}

export type CollisionDecision =
  { collided: false; reason: 'owner' | 'failback' } | { collided: true; kind: 'foreign-backup' | 'restored-elsewhere'; message: string };

/** An id that identifies nothing: the failback bypass must never trust it (§3.3). */
function isUsableId(id: string): boolean {
  return id !== '' && id !== 'unknown';
}

export function detectCollision(inputs: CollisionInputs): CollisionDecision {
  const first = inputs.ownedSchedules[0];
  const scheduleCluster = first?.metadata.labels?.[LABEL_BACKUP_CLUSTER] ?? '';
  const latest = inputs.latestResourcesBackup;
  const restoreBackup = inputs.latestRestoreClustersBackup;
  const restoreHub = restoreBackup?.metadata.labels?.[LABEL_RESTORE_CLUSTER] ?? '';

  const latestCluster = latest?.metadata.labels?.[LABEL_BACKUP_CLUSTER] ?? '';
  if (latest && latestCluster !== scheduleCluster) {
    // §3.3: this hub activated the clusters after that foreign backup was taken, so the foreign
    // backup is history from before a failback, not a second active hub.
    if (restoreBackup && restoreHub === inputs.hubId && isUsableId(inputs.hubId)) {
      const foreignTime = startMs(latest) || timeMs(latest.metadata.creationTimestamp);
      if (foreignTime < timeMs(restoreBackup.metadata.creationTimestamp)) return { collided: false, reason: 'failback' };
    }
    return {
      collided: true,
      kind: 'foreign-backup',
      message: msgCollisionForeignBackup(latest.metadata.name ?? '', latestCluster, scheduleCluster),
    };
  }

  // §3.4: another hub ran a managed-clusters restore after this hub's schedules were created.
  if (first && restoreBackup && restoreHub !== inputs.hubId) {
    if (timeMs(first.metadata.creationTimestamp) < timeMs(restoreBackup.metadata.creationTimestamp)) {
      return {
        collided: true,
        kind: 'restored-elsewhere',
        message: msgCollisionRestoredElsewhere(restoreHub, restoreBackup.metadata.name ?? ''),
      };
    }
  }
  return { collided: false, reason: 'owner' };
}
